import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson, ChainHead, isHash } from './event-hash';

/**
 * A signed head: the service states, under its Ed25519 key, "my log had this hash at this
 * position". Anyone holding the public key can keep such statements and later check an
 * exported log against them (`verify-file --head-file`), without trusting the service or its
 * database any more: altering or truncating what the head covers is then detectable even by
 * someone who rewrote the whole chain.
 *
 *     signature = Ed25519( "ndp-catalogue/head/v1\n" ‖ canonicalJson({ position, hash, recordedAt, signedAt, keyId }) )
 */
export const HEAD_SIGNATURE_TAG = 'ndp-catalogue/head/v1\n';

export interface SignedHead extends ChainHead {
  /** Recorded time of the event at `position` (null for the empty log). */
  recordedAt: string | null;
  signedAt: string;
  algorithm: 'Ed25519';
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER). */
  keyId: string;
  /** base64url. */
  signature: string;
}

function signedBytes(h: Omit<SignedHead, 'signature' | 'algorithm'>): Buffer {
  const payload = canonicalJson({ position: h.position, hash: h.hash, recordedAt: h.recordedAt, signedAt: h.signedAt, keyId: h.keyId });
  return Buffer.from(HEAD_SIGNATURE_TAG + payload, 'utf8');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export class HeadSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the head signing key must be an Ed25519 private key (PKCS#8 PEM)');
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(head: ChainHead & { recordedAt: string | null }, now: Date = new Date()): SignedHead {
    const unsigned = { position: head.position, hash: head.hash, recordedAt: head.recordedAt, signedAt: now.toISOString(), keyId: this.keyId };
    const signature = sign(null, signedBytes(unsigned), this.privateKey).toString('base64url');
    return { ...unsigned, algorithm: 'Ed25519', signature };
  }
}

export function generateHeadSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Null when the statement is well-formed and signed by `publicKeyPem`; otherwise why not. */
export function checkSignedHead(value: unknown, publicKeyPem: string): string | null {
  const h = value as Partial<SignedHead> | null;
  if (!h || typeof h !== 'object') return 'not a signed head';
  if (!Number.isSafeInteger(h.position) || (h.position as number) < 0 || !isHash(h.hash)) return 'no valid position and hash';
  if (h.algorithm !== 'Ed25519' || typeof h.signature !== 'string' || typeof h.signedAt !== 'string' || typeof h.keyId !== 'string')
    return 'no Ed25519 signature';
  if (h.recordedAt !== null && typeof h.recordedAt !== 'string') return 'recordedAt is not a string';
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return 'the public key cannot be read';
  }
  if (keyIdOf(key) !== h.keyId) return `signed with key ${h.keyId}, not with the given key ${keyIdOf(key)}`;
  const ok = verify(null, signedBytes(h as SignedHead), key, Buffer.from(h.signature, 'base64url'));
  return ok ? null : 'the signature does not verify';
}
