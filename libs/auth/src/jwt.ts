import jwt from 'jsonwebtoken';
import { Actor, ROLES, Role } from '@ndp/catalogue';
import type { OidcSettings } from './oidc';
import { AuthenticationError } from './errors';
import { checkCriticalHeader, checkTokenTimes, CLOCK_TOLERANCE_SECONDS, DEFAULT_MAX_LIFETIME_MS } from './token-rules';

export interface JwtSettings {
  secret: string;
  issuer?: string;
  audience?: string;
  /** Tokens meant to live longer than this (exp − iat) are refused (JWT_MAX_LIFETIME, default 12h). */
  maxLifetimeMs?: number;
  /** Set (OIDC_ISSUER) → tokens come from that provider only; the HS256 secret is refused. */
  oidc?: OidcSettings | null;
}

export { AuthenticationError } from './errors';

/**
 * Verifies a bearer token and turns its claims into the actor recorded on events. HS256 only
 * (no `none`, no key confusion), `exp` required, issuer and audience checked when configured,
 * no `crit` extension, no `iat` in the future, no lifetime above JWT_MAX_LIFETIME (token-rules.ts).
 */
export function verifyBearerToken(token: string, settings: JwtSettings): Actor {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, settings.secret, {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      complete: true,
    });
    if (typeof decoded.payload === 'string') throw new AuthenticationError('token payload is not a JSON object');
    // jsonwebtoken ignores `crit`: checked here, after the signature (the header is signed too).
    checkCriticalHeader(decoded.header as unknown as Record<string, unknown>);
    claims = decoded.payload;
  } catch (e) {
    if (e instanceof AuthenticationError) throw e;
    throw new AuthenticationError(`invalid token: ${reasonOf(e)}`);
  }
  if (typeof claims.exp !== 'number') throw new AuthenticationError('token has no exp claim');
  checkTokenTimes(claims, settings.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS);
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 200) throw new AuthenticationError('token has no valid sub claim');
  if (!ROLES.includes(claims.role)) throw new AuthenticationError(`token role must be one of ${ROLES.join(', ')}`);
  const role = claims.role as Role;
  const ministry = typeof claims.ministry === 'string' && claims.ministry.length > 0 ? claims.ministry : null;
  if (role === 'ministry-editor' && !ministry) throw new AuthenticationError('a ministry-editor token needs a ministry claim');
  const name = typeof claims.name === 'string' && claims.name.length > 0 ? claims.name.slice(0, 200) : claims.sub;
  return { sub: claims.sub, name, role, ministry: role === 'ministry-editor' ? ministry : null };
}

/**
 * A fixed vocabulary of reasons: the library's own messages can name the expected audience or
 * issuer, which a caller with a forged token has no business learning.
 */
function reasonOf(e: unknown): string {
  if (e instanceof jwt.TokenExpiredError) return 'expired';
  if (e instanceof jwt.NotBeforeError) return 'not valid yet';
  const m = e instanceof Error ? e.message : '';
  if (/audience/.test(m)) return 'wrong audience';
  if (/issuer/.test(m)) return 'wrong issuer';
  if (/signature/.test(m)) return 'bad signature';
  if (/algorithm/.test(m)) return 'algorithm not allowed';
  return 'malformed';
}

export interface TokenRequest {
  sub: string;
  name: string;
  role: Role;
  ministry?: string | null;
  /** Lifetime in seconds. */
  expiresIn?: number;
}

/**
 * Mints a token for development and tests; production tokens come from the identity provider.
 * A lifetime above JWT_MAX_LIFETIME is refused here too: the service would refuse the token.
 */
export function mintToken(request: TokenRequest, settings: JwtSettings): string {
  const lifetime = request.expiresIn ?? 3600;
  const max = settings.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
  if (!(lifetime > 0) || lifetime * 1000 > max)
    throw new Error(`a token may live at most ${max / 3_600_000} hours (JWT_MAX_LIFETIME); asked for ${lifetime / 3600} hours`);
  const payload: Record<string, unknown> = { name: request.name, role: request.role };
  if (request.ministry) payload.ministry = request.ministry;
  const options: jwt.SignOptions = { algorithm: 'HS256', subject: request.sub, expiresIn: lifetime };
  if (settings.issuer) options.issuer = settings.issuer;
  if (settings.audience) options.audience = settings.audience;
  return jwt.sign(payload, settings.secret, options);
}
