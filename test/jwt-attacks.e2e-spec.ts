import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { mintToken } from '@ndp/auth';
import { client, platformBody, registerMinistries, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

/**
 * Forged and misused bearer tokens over HTTP, against a write, an audit read and a public read:
 * every one is refused with 401 problem+json, records nothing, and the answer does not tell the
 * attacker what the server expected. Tokens are assembled by hand where a library would refuse
 * to make them (alg none, HS256 keyed with an RSA public key).
 */

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const admin = (extra: Record<string, unknown> = {}) => ({ sub: 'attacker', name: 'Kẻ tấn công', role: 'mic-admin', iat: now(), exp: now() + 3600, ...extra });

function hs(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | Buffer, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA_PUBLIC_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const RSA_PUBLIC_PKCS1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function rs256(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
}

const flipLast = (token: string) => token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
function swapPayload(token: string, payload: Record<string, unknown>): string {
  const [h, , s] = token.split('.');
  return `${h}.${b64(payload)}.${s}`;
}

/** [label, token] pairs, built against the server's secret and its issuer/audience settings. */
function attacks(secret: string, claims: Record<string, unknown> = {}): Array<[string, string]> {
  const good = (extra: Record<string, unknown> = {}) => hs({ alg: 'HS256', typ: 'JWT' }, admin({ ...claims, ...extra }), secret);
  return [
    ['alg none, no signature', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(admin(claims))}.`],
    ['alg "None", no signature', `${b64({ alg: 'None', typ: 'JWT' })}.${b64(admin(claims))}.`],
    ['alg none with the HS256 signature kept', `${b64({ alg: 'none' })}.${good().split('.').slice(1).join('.')}`],
    ['HS256 keyed with an RSA public key PEM (HS/RS confusion)', hs({ alg: 'HS256', typ: 'JWT' }, admin(claims), RSA_PUBLIC_PEM)],
    ['HS256 keyed with an RSA public key PEM, PKCS#1', hs({ alg: 'HS256', typ: 'JWT' }, admin(claims), RSA_PUBLIC_PKCS1)],
    ['RS256 signed with an RSA private key', rs256(admin(claims))],
    ['RS256 with an embedded jwk header', rs256(admin(claims), { jwk: rsa.publicKey.export({ format: 'jwk' }) })],
    ['RS256 with a jku header pointing elsewhere', rs256(admin(claims), { jku: 'http://127.0.0.1:1/keys.json', kid: 'k1' })],
    ['ES256 signed with an EC key', jwt.sign(admin(claims), ec.privateKey, { algorithm: 'ES256' })],
    ['HS512 with the right secret', hs({ alg: 'HS512', typ: 'JWT' }, admin(claims), secret, 'sha512')],
    ['HS384 with the right secret', hs({ alg: 'HS384', typ: 'JWT' }, admin(claims), secret, 'sha384')],
    ['HS256 with another secret', hs({ alg: 'HS256', typ: 'JWT' }, admin(claims), 'another-secret-that-is-long-enough-0123456789')],
    ['HS256 with an empty secret', hs({ alg: 'HS256', typ: 'JWT' }, admin(claims), '')],
    ['a bad signature (last characters changed)', flipLast(good())],
    [
      'a valid editor token with the payload changed to mic-admin',
      swapPayload(hs({ alg: 'HS256' }, { ...admin(claims), role: 'ministry-editor', ministry: 'BTC' }, secret), admin(claims)),
    ],
    ['no signature part', good().split('.').slice(0, 2).join('.')],
    ['expired an hour ago', good({ exp: now() - 3600 })],
    ['expired a minute ago', good({ exp: now() - 60 })],
    ['no exp', hs({ alg: 'HS256' }, (({ exp: _e, ...rest }) => rest)(admin(claims)), secret)],
    ['exp as a string', good({ exp: String(now() + 3600) })],
    ['not valid before an hour from now (nbf)', good({ nbf: now() + 3600 })],
    ['an unknown role', good({ role: 'superuser' })],
    ['an editor without a ministry', good({ role: 'ministry-editor' })],
    ['no sub', hs({ alg: 'HS256' }, (({ sub: _s, ...rest }) => rest)(admin(claims)), secret)],
    [
      'a payload that is not JSON',
      `${b64({ alg: 'HS256' })}.${b64('not json')}.${createHmac('sha256', secret)
        .update(`${b64({ alg: 'HS256' })}.${b64('not json')}`)
        .digest('base64url')}`,
    ],
    ['garbage', 'a.b.c'],
  ];
}

async function expect401(t: TestApp, label: string, token: string): Promise<string[]> {
  const results: string[] = [];
  const before = t.logLength();
  const c = client(t.url, token);
  for (const [what, r] of [
    ['POST /v1/platforms', await c.post('/v1/platforms', platformBody({ name: `Nền tảng giả ${label}` }))],
    ['GET /v1/audit', await c.get('/v1/audit')],
    ['GET /v1/catalogue', await c.get('/v1/catalogue')],
  ] as const) {
    const view = { token: label, request: what, status: r.status, type: r.headers.get('content-type') ?? '' };
    expect({ ...view, body: r.body }).toMatchObject({ status: 401, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(r.body).toMatchObject({ type: 'urn:ndp-catalogue:problem:unauthenticated', status: 401 });
    results.push(r.text);
  }
  expect({ token: label, eventsRecorded: t.logLength() - before }).toEqual({ token: label, eventsRecorded: 0 });
  return results;
}

describe('JWT attacks over HTTP → 401, nothing recorded', () => {
  let t: TestApp;
  const counts = { tokens: 0, requests: 0 };
  beforeAll(async () => {
    t = await startTestApp();
    await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
  });
  afterAll(async () => {
    console.log(`jwt attacks: ${counts.tokens} forged or misused tokens × 3 endpoints = ${counts.requests} requests, all 401`);
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it.each(attacks(TEST_SECRET))('%s', async (label, token) => {
    await expect401(t, label, token);
    counts.tokens++;
    counts.requests += 3;
  });

  it('control: a well-formed HS256 token with the same claims is accepted', async () => {
    const token = hs({ alg: 'HS256', typ: 'JWT' }, admin(), TEST_SECRET);
    const c = client(t.url, token);
    expect((await c.post('/v1/platforms', platformBody({ name: 'Nền tảng hợp lệ' }))).status).toBe(201);
    expect((await c.get('/v1/audit')).status).toBe(200);
  });
});

describe('JWT with JWT_ISSUER and JWT_AUDIENCE set', () => {
  let t: TestApp;
  const settings = { secret: TEST_SECRET, issuer: 'https://sso.mic.gov.vn', audience: 'catalogue-api-7f3a' };
  beforeAll(async () => {
    t = await startTestApp({ env: { JWT_ISSUER: settings.issuer, JWT_AUDIENCE: settings.audience } });
    const c = client(t.url, mintToken({ sub: 'mic', name: 'MIC', role: 'mic-admin' }, settings));
    expect((await c.post('/v1/ministries', { code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  const right = { iss: settings.issuer, aud: settings.audience };
  it.each<[string, Record<string, unknown>]>([
    ['no iss and no aud', {}],
    ['the right audience, no issuer', { aud: settings.audience }],
    ['the right issuer, no audience', { iss: settings.issuer }],
    ['a wrong issuer', { ...right, iss: 'https://sso.attacker.example' }],
    ['an issuer differing only in case', { ...right, iss: settings.issuer.toUpperCase() }],
    ['a wrong audience', { ...right, aud: 'another-service' }],
    ['an audience list without ours', { ...right, aud: ['a', 'b'] }],
  ])('%s → 401, and the answer does not name what was expected', async (label, claims) => {
    const texts = await expect401(t, label, hs({ alg: 'HS256', typ: 'JWT' }, admin(claims), TEST_SECRET));
    for (const text of texts) {
      expect(text).not.toContain(settings.issuer);
      expect(text).not.toContain(settings.audience);
    }
  });

  it.each(attacks(TEST_SECRET, { iss: settings.issuer, aud: settings.audience }))('and the forged tokens too: %s', async (label, token) => {
    await expect401(t, label, token);
  });

  it('control: the right issuer and audience (also in an audience list) are accepted', async () => {
    for (const aud of [settings.audience, ['other', settings.audience]]) {
      const c = client(t.url, hs({ alg: 'HS256', typ: 'JWT' }, admin({ iss: settings.issuer, aud }), TEST_SECRET));
      expect((await c.get('/v1/audit')).status).toBe(200);
    }
  });
});
