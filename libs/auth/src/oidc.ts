import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Actor, ROLES, Role } from '@ndp/catalogue';
import { AuthenticationError } from './errors';
import { checkTokenTimes, CLOCK_TOLERANCE_SECONDS, parseMaxLifetime } from './token-rules';

/** Signature algorithms accepted from a provider: asymmetric only, never HS* or `none`. */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

export interface OidcSettings {
  /** Exactly as the provider writes it in `iss` (Keycloak: https://host/realms/<realm>). */
  issuer: string;
  /** Must be among the token's `aud`. */
  audience: string;
  /** Dotted paths into the token: `role`, `realm_access.roles`, `resource_access.ndp.roles`… */
  roleClaim: string;
  ministryClaim: string;
  /** The viewer's public client (Authorization Code + PKCE); only told to the browser. */
  clientId: string | null;
  /** Scopes the viewer asks for (OIDC_SCOPE, default `openid profile`). */
  scope: string;
  /** Least time between two JWKS downloads, so that a flood of unknown `kid`s cannot hammer the provider. */
  jwksCooldownMs: number;
  /** How long downloaded keys are trusted before they are fetched again anyway. */
  jwksMaxAgeMs: number;
  /** Tokens meant to live longer than this (exp − iat) are refused (JWT_MAX_LIFETIME, default 12h). */
  maxLifetimeMs: number;
}

/** The provider could not be reached (discovery or keys): the service cannot judge tokens for now. */
export class IdentityProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityProviderUnavailableError';
  }
}

/** An actor from a provider's token also says which provider vouched for it. */
export type OidcActor = Actor & { issuer: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** https, or http on a loopback address only (tests, a provider on the same machine). */
export function assertSecureUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a URL, got '${value}'`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new Error(`${name} must use https (http only on a loopback address), got '${value}'`);
}

export interface ProviderMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  end_session_endpoint?: string;
}

/**
 * Verifies a provider's bearer tokens against the keys it publishes (OpenID Connect discovery,
 * then `jwks_uri`), with jose: the algorithm allow-list, `iss`, `aud`, `exp` and the signature
 * are jose's checks, not ours. Keys are cached; an unknown `kid` refetches them, at most once
 * per `jwksCooldownMs`. Discovery is read on first use and retried after a failure.
 */
export class OidcVerifier {
  private metadata: Promise<{ meta: ProviderMetadata; keys: JWTVerifyGetKey }> | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    assertSecureUrl(settings.issuer, 'OIDC_ISSUER');
    if (!settings.audience) throw new Error('OIDC_AUDIENCE is required when OIDC_ISSUER is set');
  }

  /** The provider's discovery document (cached once read). */
  async provider(): Promise<ProviderMetadata> {
    return (await this.load()).meta;
  }

  private load(): Promise<{ meta: ProviderMetadata; keys: JWTVerifyGetKey }> {
    if (!this.metadata) {
      this.metadata = this.discover().catch((e) => {
        this.metadata = null; // the next request tries again
        throw e;
      });
    }
    return this.metadata;
  }

  private async discover(): Promise<{ meta: ProviderMetadata; keys: JWTVerifyGetKey }> {
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let meta: ProviderMetadata;
    try {
      const res = await this.fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000), redirect: 'error' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      meta = (await res.json()) as ProviderMetadata;
    } catch (e) {
      throw new IdentityProviderUnavailableError(`OpenID Connect discovery failed at ${url}: ${e instanceof Error ? e.message : e}`);
    }
    // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one asked for.
    if (meta?.issuer !== this.settings.issuer) throw new IdentityProviderUnavailableError(`the discovery document at ${url} names another issuer`);
    if (typeof meta.jwks_uri !== 'string') throw new IdentityProviderUnavailableError(`the discovery document at ${url} has no jwks_uri`);
    const jwksUri = assertSecureUrl(meta.jwks_uri, 'jwks_uri');
    const keys = createRemoteJWKSet(jwksUri, {
      cooldownDuration: this.settings.jwksCooldownMs,
      cacheMaxAge: this.settings.jwksMaxAgeMs,
      timeoutDuration: 5000,
    });
    return { meta, keys };
  }

  async verify(token: string): Promise<OidcActor> {
    const { keys } = await this.load();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        algorithms: [...OIDC_ALGORITHMS],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (e) {
      if (providerUnreachable(e)) throw new IdentityProviderUnavailableError('the identity provider did not give its keys');
      throw new AuthenticationError(`invalid token: ${reasonOf(e)}`);
    }
    // jose checks iat only with maxTokenAge (and refuses unknown `crit` itself); the same time
    // rules as the development tokens' (token-rules.ts).
    checkTokenTimes(claims, this.settings.maxLifetimeMs);
    return actorFromClaims(claims, this.settings);
  }
}

/** A value at a dotted path (`realm_access.roles`); a claim whose own name has a dot is found too. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The provider's claims as the actor recorded on events. The role claim may be one string or a
 * list (Keycloak's realm roles hold many unrelated roles): exactly one of ours must be in it.
 * Several of ours (say mic-admin and ministry-editor) are refused rather than guessed at.
 */
export function actorFromClaims(claims: JWTPayload, settings: Pick<OidcSettings, 'issuer' | 'roleClaim' | 'ministryClaim'>): OidcActor {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw new AuthenticationError('token has no valid sub claim');
  const raw = claimAt(claims, settings.roleClaim);
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const known = [...new Set(values.filter((v): v is Role => (ROLES as readonly string[]).includes(v)))];
  if (known.length === 0) throw new AuthenticationError(`token role must be one of ${ROLES.join(', ')}`);
  if (known.length > 1) throw new AuthenticationError('token carries several roles of this service; it must carry exactly one');
  const role = known[0];
  const rawMinistry = claimAt(claims, settings.ministryClaim);
  const ministries = (Array.isArray(rawMinistry) ? rawMinistry : [rawMinistry]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (role === 'ministry-editor') {
    if (ministries.length !== 1) throw new AuthenticationError('a ministry-editor token needs exactly one ministry claim');
    if (ministries[0].length > 50) throw new AuthenticationError('token ministry claim is too long');
  }
  const named = [claims.name, claims.preferred_username].find((v): v is string => typeof v === 'string' && v.length > 0);
  return {
    sub,
    name: (named ?? sub).slice(0, 200),
    role,
    ministry: role === 'ministry-editor' ? ministries[0] : null,
    issuer: settings.issuer,
  };
}

/** The keys could not be downloaded (network, timeout, not 200, not a key set): not the token's fault. */
function providerUnreachable(e: unknown): boolean {
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return true;
  if (e instanceof joseErrors.JOSEError) return e.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(e.message);
  return (e as { name?: string } | null)?.name === 'TypeError' || (e as { name?: string } | null)?.name === 'AbortError';
}

/** Fixed reasons: jose's own messages may quote the expected issuer or audience. */
function reasonOf(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'iss') return 'wrong issuer';
    if (e.claim === 'aud') return 'wrong audience';
    if (e.claim === 'nbf') return 'not valid yet';
    if (e.claim === 'iat') return 'issued in the future';
    return `missing or invalid ${e.claim === 'exp' || e.claim === 'sub' ? e.claim : 'claim'}`;
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (e instanceof joseErrors.JWKSNoMatchingKey || e instanceof joseErrors.JWKSMultipleMatchingKeys) return 'unknown signing key';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  return 'malformed';
}

function positiveSeconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,7}$/.test(value)) throw new Error(`${name} must be a whole number of seconds, got '${value}'`);
  return Number(value) * 1000;
}

/** OIDC_* environment variables; null when OIDC_ISSUER is unset (development tokens). Refuses bad values at start. */
export function parseOidcSettings(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  assertSecureUrl(issuer, 'OIDC_ISSUER');
  const audience = env.OIDC_AUDIENCE?.trim();
  if (!audience) throw new Error('OIDC_AUDIENCE is required when OIDC_ISSUER is set (the audience the provider puts in tokens for this service)');
  const path = (value: string | undefined, fallback: string, name: string) => {
    const v = value?.trim() || fallback;
    if (!/^[A-Za-z0-9_:\-/]+(\.[A-Za-z0-9_:\-/]+)*$/.test(v))
      throw new Error(`${name} must be a claim name or a dotted path such as realm_access.roles, got '${v}'`);
    return v;
  };
  return {
    issuer,
    audience,
    roleClaim: path(env.OIDC_ROLE_CLAIM, 'role', 'OIDC_ROLE_CLAIM'),
    ministryClaim: path(env.OIDC_MINISTRY_CLAIM, 'ministry', 'OIDC_MINISTRY_CLAIM'),
    clientId: env.OIDC_CLIENT_ID?.trim() || null,
    jwksCooldownMs: positiveSeconds(env.OIDC_JWKS_COOLDOWN_SECONDS, 30, 'OIDC_JWKS_COOLDOWN_SECONDS'),
    jwksMaxAgeMs: positiveSeconds(env.OIDC_JWKS_MAX_AGE_SECONDS, 600, 'OIDC_JWKS_MAX_AGE_SECONDS'),
    maxLifetimeMs: parseMaxLifetime(env),
    scope: env.OIDC_SCOPE?.trim() || 'openid profile',
  };
}

const verifiers = new WeakMap<OidcSettings, OidcVerifier>();

/** One verifier (one key cache) per configuration, shared by the guard and the sign-in endpoint. */
export function oidcVerifierFor(settings: OidcSettings): OidcVerifier {
  let v = verifiers.get(settings);
  if (!v) verifiers.set(settings, (v = new OidcVerifier(settings)));
  return v;
}
