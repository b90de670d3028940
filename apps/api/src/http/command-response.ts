import type { FastifyReply } from 'fastify';
import { CommandResult } from '../infrastructure/command-metadata';

/** Write responses: `{ id, revision, position }`, the new revision as ETag, and repeat/created markers. */
export function respondToCommand(res: FastifyReply, result: CommandResult, location?: string) {
  res.header('ETag', `"${result.revision}"`);
  if (result.replayed) res.header('Idempotent-Replayed', 'true');
  if (location) res.header('Location', location);
  return { id: result.id, revision: result.revision, position: result.position };
}
