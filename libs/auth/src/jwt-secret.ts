import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * JWT_SECRET when set. Otherwise, outside production, a random secret generated once into
 * DATA_DIR so that a newcomer's tokens keep working across restarts; production refuses to
 * start without an explicit secret (unless OIDC_ISSUER is set: then no HS256 token is accepted).
 */
export function resolveJwtSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  const configured = env.JWT_SECRET;
  if (configured) {
    if (configured.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    return configured;
  }
  // With a provider the secret is never used to verify (HS256 is refused): an unsaved random one.
  if (env.OIDC_ISSUER) return randomBytes(32).toString('base64url');
  if (env.NODE_ENV === 'production') throw new Error('JWT_SECRET is required when NODE_ENV=production');
  const file = join(dataDir, 'jwt-secret.dev');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
