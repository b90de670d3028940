/**
 * Thrown instead of answering a read whose current ETag the client already holds (RFC 9110
 * §13.1.2); ProblemDetailsFilter answers 304 with that ETag and no body. Not an Error: nothing
 * went wrong, and no stack needs capturing on this hot path.
 */
export class NotModified {
  constructor(readonly etag: string) {}
}
