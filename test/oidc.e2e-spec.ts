import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, SignJWT, importJWK } from 'jose';
import { mintToken } from '@ndp/auth';
import { loadConfig } from '../apps/api/src/config/app-config';
import { OTHER_RESOURCE, startOidcProvider, TestProvider } from './support/oidc-provider';
import { client, platformBody, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

/**
 * Bearer tokens from a real OpenID Provider (oidc-provider on 127.0.0.1, tokens obtained through
 * the Authorization Code flow with PKCE), against the real service with OIDC_ISSUER set: what is
 * accepted, the actor recorded, key rotation without a restart, and every refusal.
 */

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function oidcEnv(p: TestProvider, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OIDC_ISSUER: p.issuer,
    OIDC_AUDIENCE: p.audience,
    OIDC_CLIENT_ID: p.clientId,
    OIDC_JWKS_COOLDOWN_SECONDS: '1',
    OIDC_SCOPE: 'openid profile catalogue',
    ...extra,
  };
}

async function registerMinistry(t: TestApp, token: string, code: string, name: string) {
  const r = await client(t.url, token).post('/v1/ministries', { code, name, effectiveDate: '2024-01-01' });
  if (r.status !== 201) throw new Error(`ministry ${code}: ${r.status} ${r.text}`);
}

/** 401 problem+json on a write, an audit read and a public read; nothing recorded; nothing expected is named. */
async function expectRefused(t: TestApp, p: TestProvider, token: string, status = 401) {
  const before = t.logLength();
  const c = client(t.url, token);
  for (const r of [await c.post('/v1/platforms', platformBody({ name: 'Nền tảng không được phép' })), await c.get('/v1/audit'), await c.get('/v1/catalogue')]) {
    expect({ status: r.status, body: r.body }).toMatchObject({ status, body: { status } });
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.text).not.toContain(p.audience);
    expect(r.text).not.toContain(p.issuer);
  }
  expect(t.logLength()).toBe(before);
}

async function lastEvent(t: TestApp, auditorToken: string) {
  const r = await client(t.url, auditorToken).get('/v1/audit?limit=1000');
  expect(r.status).toBe(200);
  const events = (r.body.events ?? r.body.items ?? r.body) as Array<Record<string, any>>;
  return events.at(-1)!;
}

describe('OpenID Connect: provider tokens (flat role and ministry claims)', () => {
  let provider: TestProvider;
  let other: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    [provider, other] = await Promise.all([startOidcProvider(), startOidcProvider()]);
    t = await startTestApp({ env: oidcEnv(provider) });
    const admin = (await provider.login('admin.mic')).accessToken;
    await registerMinistry(t, admin, 'BTC', 'Bộ Tài chính');
    await registerMinistry(t, admin, 'BYT', 'Bộ Y tế');
  }, 60000);

  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
    await Promise.all([provider?.close(), other?.close()]);
  });

  it('tells the viewer how to sign in: issuer, public client and endpoints, no secrets', async () => {
    const r = await client(t.url).get('/v1/auth/config');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      mode: 'oidc',
      issuer: provider.issuer,
      clientId: 'ndp-viewer',
      authorizationEndpoint: `${provider.issuer}/auth`,
      tokenEndpoint: `${provider.issuer}/token`,
      endSessionEndpoint: `${provider.issuer}/session/end`,
      scope: 'openid profile catalogue',
    });
    // The browser calls the provider's token endpoint: the page's CSP allows that origin, no other.
    const page = await fetch(`${t.url}/`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer}`);
  });

  it('a valid token: the write is accepted and the actor is recorded with sub, name, role, ministry and issuer', async () => {
    const { accessToken } = await provider.login('editor.btc');
    const r = await client(t.url, accessToken).post('/v1/platforms', platformBody({ name: 'Cổng thông tin tài chính qua SSO' }), {
      'idempotency-key': 'sso-1',
    });
    expect(r.status).toBe(201);
    const auditor = (await provider.login('auditor.kt')).accessToken;
    const event = await lastEvent(t, auditor);
    expect(event.type).toBe('platform.registered');
    expect(event.metadata?.actor ?? event.actor).toEqual({
      sub: 'editor.btc',
      name: 'Nguyễn Văn An',
      role: 'ministry-editor',
      ministry: 'BTC',
      issuer: provider.issuer,
    });
    const history = await client(t.url, auditor).get(`/v1/platforms/${r.body.id}/history`);
    expect(history.body.versions[0].actor).toMatchObject({ sub: 'editor.btc', name: 'Nguyễn Văn An', role: 'ministry-editor', ministry: 'BTC' });
    // The public history names the role and ministry, not the official (personal data).
    expect((await client(t.url).get(`/v1/platforms/${r.body.id}/history`)).body.versions[0].actor).toEqual({ role: 'ministry-editor', ministry: 'BTC' });
    // The role still decides: this editor may not act for another ministry, nor read the audit trail.
    const foreign = await client(t.url, accessToken).post('/v1/platforms', platformBody({ name: 'Hệ thống của Bộ Y tế', ownerMinistry: 'BYT' }));
    expect(foreign.status).toBe(403);
    expect((await client(t.url, accessToken).get('/v1/audit')).status).toBe(403);
  });

  it('key rotation at the provider: tokens signed with the new key (RS256 → ES256 → PS256) are accepted without a restart', async () => {
    const before = await provider.stats();
    for (const alg of ['ES256', 'PS256', 'RS256']) {
      await sleep(1100); // past the JWKS cooldown (OIDC_JWKS_COOLDOWN_SECONDS=1 here; 30 by default)
      const kids = await provider.rotate({ alg });
      const { accessToken } = await provider.login('admin.mic');
      expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg, kid: kids[0] });
      const r = await client(t.url, accessToken).get('/v1/audit?limit=1');
      expect({ alg, status: r.status }).toEqual({ alg, status: 200 });
    }
    // Each new kid cost one download of the key set, no more.
    expect((await provider.stats()).jwksRequests - before.jwksRequests).toBe(3);
  });

  it('after the provider withdraws its old key, new tokens are accepted and tokens signed with the withdrawn key are refused', async () => {
    await sleep(1100);
    const old = (await provider.login('auditor.kt')).accessToken;
    const kids = await provider.rotate({ alg: 'RS256', dropOld: true });
    expect(kids).toHaveLength(1);
    const fresh = (await provider.login('auditor.kt')).accessToken;
    expect((await client(t.url, fresh).get('/v1/audit?limit=1')).status).toBe(200);
    // The service now holds the new key set only: the old kid is unknown (and within the cooldown).
    await expectRefused(t, provider, old);
  });

  it('a token from another issuer (a real provider, same audience and users) → 401', async () => {
    const { accessToken } = await other.login('admin.mic');
    await expectRefused(t, provider, accessToken);
  });

  it('a token for another audience (another resource at the same provider) → 401', async () => {
    const { accessToken } = await provider.login('admin.mic', { resource: OTHER_RESOURCE });
    await expectRefused(t, provider, accessToken);
  });

  it('an expired token → 401', async () => {
    const { accessToken, expiresIn } = await provider.login('short.btc');
    expect(expiresIn).toBe(1);
    expect((await client(t.url, accessToken).get('/v1/catalogue')).status).toBe(200);
    await sleep(7000); // 1 s of life, 5 s of clock tolerance
    await expectRefused(t, provider, accessToken);
  }, 20000);

  it("HS256 while OIDC is on → 401: the development secret, and the provider's RSA public key used as an HMAC secret", async () => {
    const dev = mintToken({ sub: 'dev', name: 'Dev', role: 'mic-admin' }, { secret: TEST_SECRET, issuer: provider.issuer, audience: provider.audience });
    await expectRefused(t, provider, dev);
    const jwks = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: Array<Record<string, string>> };
    const rsa = jwks.keys.find((k) => k.kty === 'RSA')!;
    const pem = createPublicKey({ key: rsa, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: rsa.kid })}.${b64({ iss: provider.issuer, aud: provider.audience, sub: 'x', role: 'mic-admin', iat: now(), exp: now() + 600 })}`;
    await expectRefused(t, provider, `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`);
    // And alg none with the provider's claims.
    await expectRefused(
      t,
      provider,
      `${b64({ alg: 'none', kid: rsa.kid })}.${b64({ iss: provider.issuer, aud: provider.audience, sub: 'x', role: 'mic-admin', exp: now() + 600 })}.`,
    );
  });

  it("a token signed with a foreign key under the provider's known kid → 401", async () => {
    const { kids } = await provider.stats();
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = await importJWK({ ...foreign.privateKey.export({ format: 'jwk' }), alg: 'RS256' }, 'RS256');
    const token = await new SignJWT({ role: 'mic-admin', name: 'Kẻ giả mạo' })
      .setProtectedHeader({ alg: 'RS256', kid: kids[0], typ: 'at+jwt' })
      .setIssuer(provider.issuer)
      .setAudience(provider.audience)
      .setSubject('admin.mic')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
    await expectRefused(t, provider, token);
  });

  it('a flood of tokens with unknown kids: all 401, and the key set is downloaded at most once per cooldown', async () => {
    await sleep(1100);
    const before = (await provider.stats()).jwksRequests;
    const foreign = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = await importJWK({ ...foreign.privateKey.export({ format: 'jwk' }), alg: 'ES256' }, 'ES256');
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const token = await new SignJWT({ role: 'mic-admin' })
          .setProtectedHeader({ alg: 'ES256', kid: `bogus-${i}` })
          .setIssuer(provider.issuer)
          .setAudience(provider.audience)
          .setSubject('x')
          .setExpirationTime('5m')
          .sign(key);
        return (await client(t.url, token).get('/v1/catalogue')).status;
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await provider.stats()).jwksRequests - before).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  });

  it('conflicting roles (mic-admin and ministry-editor in one token) → 401; no role of ours → 401', async () => {
    await expectRefused(t, provider, (await provider.login('kc.conflict')).accessToken);
    await expectRefused(t, provider, (await provider.login('nobody')).accessToken);
  });
});

describe('OpenID Connect: Keycloak-style realm roles (OIDC_ROLE_CLAIM=realm_access.roles)', () => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startOidcProvider({ alg: 'ES256' });
    t = await startTestApp({ env: oidcEnv(provider, { OIDC_ROLE_CLAIM: 'realm_access.roles' }) });
    await registerMinistry(t, (await provider.login('kc.admin')).accessToken, 'BTC', 'Bộ Tài chính');
  }, 60000);

  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
    await provider?.close();
  });

  it('picks the one known role among the realm roles', async () => {
    const { accessToken } = await provider.login('kc.editor.btc');
    const r = await client(t.url, accessToken).post('/v1/platforms', platformBody({ name: 'Hệ thống qua Keycloak' }));
    expect(r.status).toBe(201);
    const history = await client(t.url, (await provider.login('kc.admin')).accessToken).get(`/v1/platforms/${r.body.id}/history`);
    expect(history.body.versions[0].actor).toMatchObject({ sub: 'kc.editor.btc', name: 'Đỗ Keycloak', role: 'ministry-editor', ministry: 'BTC' });
  });

  it('refuses realm roles holding two of ours', async () => {
    await expectRefused(t, provider, (await provider.login('kc.conflict')).accessToken);
  });

  it('a flat `role` claim means nothing when the role claim is realm_access.roles', async () => {
    await expectRefused(t, provider, (await provider.login('admin.mic')).accessToken);
  });
});

describe('OpenID Connect: configuration and an unreachable provider', () => {
  it('refuses to start without OIDC_AUDIENCE, or with a plain-http issuer off loopback', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ndp-oidc-config-'));
    expect(() => loadConfig({ JWT_SECRET: TEST_SECRET, OIDC_ISSUER: 'https://sso.example.gov.vn/realms/ndp' }, { dataDir })).toThrow(
      /OIDC_AUDIENCE is required/,
    );
    expect(() => loadConfig({ JWT_SECRET: TEST_SECRET, OIDC_ISSUER: 'http://sso.example.gov.vn/realms/ndp', OIDC_AUDIENCE: 'x' }, { dataDir })).toThrow(
      /https/,
    );
    const ok = loadConfig({ OIDC_ISSUER: 'https://sso.example.gov.vn/realms/ndp', OIDC_AUDIENCE: 'ndp', NODE_ENV: 'production' }, { dataDir });
    expect(ok.jwt.oidc).toMatchObject({ issuer: 'https://sso.example.gov.vn/realms/ndp', audience: 'ndp', roleClaim: 'role', ministryClaim: 'ministry' });
    removeDir(dataDir);
  });

  it('a provider that cannot be reached: a token is 503 (not judged), a request without one is unaffected', async () => {
    const provider = await startOidcProvider();
    const issuer = provider.issuer;
    const token = (await provider.login('admin.mic')).accessToken;
    await provider.close();
    const t = await startTestApp({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'ndp-catalogue-api' } });
    try {
      const r = await client(t.url, token).get('/v1/catalogue');
      expect(r.status).toBe(503);
      expect(r.body.type).toBe('urn:ndp-catalogue:problem:identity-provider-unavailable');
      expect(r.headers.get('retry-after')).toBe('5');
      expect((await client(t.url).get('/v1/catalogue')).status).toBe(200);
      expect((await client(t.url).post('/v1/platforms', platformBody())).status).toBe(401);
    } finally {
      await t.close();
      removeDir(t.dataDir);
    }
  });
});
