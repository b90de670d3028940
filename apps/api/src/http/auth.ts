import { CanActivate, createParamDecorator, ExecutionContext, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Role } from '@ndp/catalogue';
import { AuthenticationError, IdentityProviderUnavailableError, oidcVerifierFor, verifyBearerToken } from '@ndp/auth';
import type { JwtSettings, OidcVerifier } from '@ndp/auth';
import { ProblemException } from './problem';

export const JWT_SETTINGS = Symbol('JWT_SETTINGS');
const ROLES_KEY = 'ndp:roles';

/** Marks a route as needing a token with one of these roles. Routes without it are public. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = FastifyRequest<{ Params: Record<string, string | undefined> }> & { actor?: Actor };

/**
 * Reads the bearer token on every request. A bad token is refused even on public routes (a
 * client sending a forged token should hear about it); a missing one only where roles are set.
 * With OIDC_ISSUER set, tokens are the provider's (checked against its published keys) and the
 * development HS256 secret is not consulted at all; otherwise they are development tokens.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly oidc: OidcVerifier | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly settings: JwtSettings,
  ) {
    this.oidc = settings.oidc ? oidcVerifierFor(settings.oidc) : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer ([A-Za-z0-9_\-.=+/]+)$/.exec(header.trim());
      if (!m) throw new AuthenticationError('Authorization must be "Bearer <token>"');
      req.actor = this.oidc ? await this.verifyWithProvider(this.oidc, m[1], context) : verifyBearerToken(m[1], this.settings);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    if (!req.actor) throw new AuthenticationError('This operation needs a bearer token');
    if (!roles.includes(req.actor.role))
      throw new ProblemException(403, 'role-not-allowed', 'Not allowed', `Role ${req.actor.role} may not do this; needs ${roles.join(' or ')}`);
    return true;
  }

  private async verifyWithProvider(oidc: OidcVerifier, token: string, context: ExecutionContext): Promise<Actor> {
    try {
      return await oidc.verify(token);
    } catch (e) {
      if (e instanceof IdentityProviderUnavailableError) {
        new Logger('auth').warn(e.message);
        context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', '5');
        throw new ProblemException(
          503,
          'identity-provider-unavailable',
          'Identity provider unavailable',
          'The identity provider could not be reached to check the token; try again shortly',
        );
      }
      throw e;
    }
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new AuthenticationError('This operation needs a bearer token');
  return actor;
});
