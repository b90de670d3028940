import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHeadSigningKey, HeadSigner } from '@ndp/event-store';

export const DEV_HEAD_KEY_FILE = 'audit-signing-key.pem';

/**
 * The Ed25519 key that signs published heads: AUDIT_SIGNING_KEY (the PEM itself) or
 * AUDIT_SIGNING_KEY_FILE (a path) when set — in production keep it outside DATA_DIR, so that
 * whoever can write the log cannot also sign a forged head. Otherwise a key is generated once
 * into DATA_DIR (fine for development; a warning is logged in production).
 */
export function resolveHeadSigningKey(env: NodeJS.ProcessEnv, dataDir: string): string {
  const pem = env.AUDIT_SIGNING_KEY || (env.AUDIT_SIGNING_KEY_FILE ? readFileSync(env.AUDIT_SIGNING_KEY_FILE, 'utf8') : '');
  if (pem) {
    new HeadSigner(pem); // fails at start, with the reason, rather than at the first signature
    return pem;
  }
  const file = join(dataDir, DEV_HEAD_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  if (env.NODE_ENV === 'production')
    console.warn(`AUDIT_SIGNING_KEY is not set: generating a head signing key into ${file}; keep the production key outside DATA_DIR`);
  mkdirSync(dataDir, { recursive: true });
  const generated = generateHeadSigningKey();
  writeFileSync(file, generated, { mode: 0o600 });
  return generated;
}
