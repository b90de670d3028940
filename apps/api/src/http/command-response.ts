import type { Response } from 'express';
import { CommandResult } from '../infrastructure/command-metadata';

/** Write responses: `{ id, revision, position }`, the new revision as ETag, and repeat/created markers. */
export function respondToCommand(res: Response, result: CommandResult, location?: string) {
  res.setHeader('ETag', `"${result.revision}"`);
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  if (location) res.setHeader('Location', location);
  return { id: result.id, revision: result.revision, position: result.position };
}
