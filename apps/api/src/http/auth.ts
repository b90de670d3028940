import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor, Role } from '@ndp/catalogue';
import { AuthenticationError, verifyBearerToken } from '@ndp/auth';
import type { JwtSettings } from '@ndp/auth';
import { ProblemException } from './problem';

export const JWT_SETTINGS = Symbol('JWT_SETTINGS');
const ROLES_KEY = 'ndp:roles';

/** Marks a route as needing a token with one of these roles. Routes without it are public. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = Request & { actor?: Actor };

/**
 * Reads the bearer token on every request. A bad token is refused even on public routes (a
 * client sending a forged token should hear about it); a missing one only where roles are set.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: JwtSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer ([A-Za-z0-9_\-.=+/]+)$/.exec(header.trim());
      if (!m) throw new AuthenticationError('Authorization must be "Bearer <token>"');
      req.actor = verifyBearerToken(m[1], this.settings);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    if (!req.actor) throw new AuthenticationError('This operation needs a bearer token');
    if (!roles.includes(req.actor.role))
      throw new ProblemException(403, 'role-not-allowed', 'Not allowed', `Role ${req.actor.role} may not do this; needs ${roles.join(' or ')}`);
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new AuthenticationError('This operation needs a bearer token');
  return actor;
});
