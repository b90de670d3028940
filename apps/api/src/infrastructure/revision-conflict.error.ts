/**
 * The client's If-Match named a revision the entry no longer has. Its own module, with no
 * imports, so that the HTTP error mapping can know it without depending on the write path.
 */
export class RevisionConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly currentRevision: number,
  ) {
    super(`The entry has changed: its current revision is ${currentRevision}`);
  }
}
