import { AuthenticationError } from './errors';

/**
 * Rules every bearer token obeys whoever signed it (the development HS256 secret or an OpenID
 * provider): one place, so that both paths refuse the same tokens.
 */

/** Seconds of clock difference tolerated between the signer and this server. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** Tokens meant to live longer than this are refused unless JWT_MAX_LIFETIME says otherwise. */
export const DEFAULT_MAX_LIFETIME_MS = 12 * 3600 * 1000;

/** 90, 90s, 30m, 12h, 1d → milliseconds. */
export function parseDuration(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const m = /^(\d{1,7})([smhd]?)$/.exec(value.trim());
  if (!m || Number(m[1]) === 0) throw new Error(`${name} must be a duration such as 3600, 30m, 12h or 1d, got '${value}'`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] * 1000;
}

/** JWT_MAX_LIFETIME (default 12h): the longest a token may be meant to live. */
export function parseMaxLifetime(env: NodeJS.ProcessEnv): number {
  return parseDuration(env.JWT_MAX_LIFETIME, DEFAULT_MAX_LIFETIME_MS, 'JWT_MAX_LIFETIME');
}

/**
 * `iat` in the future (beyond the clock tolerance) and a lifetime above the maximum are refused:
 * a minting error or a forgery either way. The lifetime is exp − iat, or exp − now without iat
 * (a token without iat cannot claim to have been issued long ago to look short-lived).
 */
export function checkTokenTimes(claims: { iat?: unknown; exp?: unknown }, maxLifetimeMs: number, nowSeconds = Date.now() / 1000): void {
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)))
    throw new AuthenticationError('invalid token: malformed iat');
  const iat = claims.iat as number | undefined;
  if (iat !== undefined && iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw new AuthenticationError('invalid token: issued in the future');
  if (typeof claims.exp !== 'number') return;
  if (claims.exp - (iat ?? nowSeconds) > maxLifetimeMs / 1000) throw new AuthenticationError('invalid token: lifetime too long');
}

/**
 * RFC 7515 §4.1.11: a recipient must refuse a token whose `crit` names an extension it does not
 * understand. This service understands none, so any `crit` is refused.
 */
export function checkCriticalHeader(header: Record<string, unknown>): void {
  if (header.crit !== undefined) throw new AuthenticationError('invalid token: unsupported critical header parameter');
}
