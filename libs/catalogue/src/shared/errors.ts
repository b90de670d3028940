/**
 * Expected failures of the domain are typed values with a stable code, mapped once to HTTP
 * by the shell: 'rule' → 422, 'forbidden' → 403, 'not-found' → 404, 'conflict' → 409.
 */
export type DomainErrorKind = 'rule' | 'forbidden' | 'not-found' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Facts a client can act on (e.g. the current revision), sent with the problem. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const rule = (code: string, message: string, field?: string) => new DomainError('rule', code, message, field);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (code: string, message: string) => new DomainError('not-found', code, message);
export const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, undefined, details);
/** The client changed a revision it had not read (If-Match); it should read again. */
export const revisionConflict = (currentRevision: number) =>
  conflict('revision-conflict', `The entry has changed: its current revision is ${currentRevision}`, { currentRevision });
