import { createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, LegalBasis, MinistryCommand, PlatformCommand } from '@ndp/catalogue';
import { MinistryCommandMessage } from '../commands/ministry-command.handler';
import { PlatformCommandMessage } from '../commands/platform-command.handler';
import { AuthenticatedRequest } from './auth';
import { AuthenticationError } from '@ndp/auth';
import { commandMetadata, readCommandRequest, requireIfMatch } from './command-request';
import { respondToCommand } from './command-response';

/** What every write request brings besides its body: the caller, the request and the response. */
export interface CommandCall {
  actor: Actor;
  req: FastifyRequest;
  res: FastifyReply;
}

export const Call = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandCall => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new AuthenticationError('This operation needs a bearer token');
  return { actor: req.actor, req, res: ctx.switchToHttp().getResponse<FastifyReply>() };
});

type Body = { legalBasis?: LegalBasis | null; reason?: string | null };

/**
 * The request plumbing every write shares, once: Idempotency-Key, correlation, If-Match,
 * metadata from the verified caller, the command bus, and the `{ id, revision, position }` answer.
 */
@Injectable()
export class CommandGateway {
  constructor(private readonly bus: CommandBus) {}

  async platform<C>(call: CommandCall, body: Body, command: PlatformCommand<C>, payload: C, options: { ifMatch: 'required' | 'optional'; created?: boolean }) {
    const ctx = readCommandRequest(call.req);
    const ifMatch = options.ifMatch === 'required' ? requireIfMatch(ctx) : ctx.ifMatch;
    const result = await this.bus.execute(new PlatformCommandMessage(command, payload, ifMatch, commandMetadata(call.actor, ctx, body)));
    return respondToCommand(call.res, result, options.created ? `/v1/platforms/${result.id}` : undefined);
  }

  async ministry<C>(call: CommandCall, body: Body, command: MinistryCommand<C>, payload: C, options: { created?: boolean } = {}) {
    const ctx = readCommandRequest(call.req);
    const result = await this.bus.execute(new MinistryCommandMessage(command, payload, commandMetadata(call.actor, ctx, body)));
    return respondToCommand(call.res, result, options.created ? `/v1/ministries/${result.id}` : undefined);
  }
}
