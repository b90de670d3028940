// A real OpenID Provider for the tests: panva's certified `oidc-provider`, on 127.0.0.1, with
// test users, a public client (Authorization Code + PKCE) and JWT access tokens for the
// catalogue's API. Run as its own Node process (oidc-provider is ESM-only and uses Koa; jest
// need not transform either). Started by test/support/oidc-provider.ts.
//
// Configuration: OIDC_TEST_CONFIG (JSON: { alg, audience, clientId, users }).
// Test-only control routes (never in a real provider): POST /__test/rotate {alg?} publishes a
// new signing key in front of the old one; POST /__test/clients {redirectUris, postLogoutRedirectUris};
// GET /__test/stats → { jwksRequests }. Every change rebuilds the Provider on the same port and
// issuer; its in-memory store (sessions, grants) is module-wide and survives.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const RESOURCE = 'urn:ndp:catalogue';
const OTHER_RESOURCE = 'urn:other:service';
const users = config.users ?? {};

let keys = [];
let alg = config.alg ?? 'RS256';
let clients = { redirectUris: ['http://127.0.0.1/callback'], postLogoutRedirectUris: ['http://127.0.0.1/'] };
let provider;
let handler;
let jwksRequests = 0;

async function newKey(algorithm) {
  const { privateKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm.startsWith('RS') || algorithm.startsWith('PS') ? { modulusLength: 2048 } : {}),
  });
  return { ...(await exportJWK(privateKey)), kid: `k-${randomUUID().slice(0, 8)}`, alg: algorithm, use: 'sig' };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`;

function build(issuer) {
  const p = new Provider(issuer, {
    clients: [
      {
        client_id: config.clientId ?? 'ndp-viewer',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: alg,
        redirect_uris: clients.redirectUris,
        post_logout_redirect_uris: clients.postLogoutRedirectUris,
      },
    ],
    jwks: { keys },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    findAccount: async (_ctx, id) => {
      const user = users[id];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: user.name, preferred_username: id }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    scopes: ['openid', 'profile', 'catalogue'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Đăng xuất', `${form}<button id="op-logout" type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Đã đăng xuất', '');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== RESOURCE && indicator !== OTHER_RESOURCE) throw new Provider.errors.InvalidTarget();
          return {
            scope: 'catalogue',
            audience: indicator === RESOURCE ? config.audience : 'other-service',
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg } },
          };
        },
      },
    },
    ttl: {
      AccessToken: (_ctx, token) => users[token.accountId]?.ttl ?? 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    // The catalogue's claims in the access token: role and ministry (flat), or Keycloak's shape.
    extraTokenClaims: async (_ctx, token) => {
      const user = users[token.accountId];
      if (!user) return undefined;
      return { name: user.name, preferred_username: token.accountId, ...user.claims };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Lỗi', `<pre id="op-error">${esc(JSON.stringify(out))}</pre>`);
    },
  });
  return p;
}

/** The login page: a user name is enough (these are test users); consent is given at once. */
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name === 'login') {
    if (req.method === 'POST' && action === 'login') {
      const body = new URLSearchParams(await readBody(req));
      const login = body.get('login') ?? '';
      if (!users[login]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(page('Đăng nhập', `<p id="op-login-error">Không có người dùng ${esc(login)}</p>${loginForm(uid)}`));
      }
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page('Đăng nhập', loginForm(uid)));
  }
  if (details.prompt.name === 'consent') {
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    if (missingResourceScopes) for (const [indicator, scopes] of Object.entries(missingResourceScopes)) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  throw new Error(`unexpected prompt ${details.prompt.name}`);
}

const loginForm = (uid) =>
  `<form id="op-login" method="post" action="/interaction/${esc(uid)}/login"><label>Tên đăng nhập <input id="op-username" name="login" autofocus></label><button id="op-submit" type="submit">Đăng nhập</button></form>`;

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/__test/stats') return json(res, 200, { jwksRequests, kids: keys.map((k) => k.kid) });
    if (url.pathname === '/__test/rotate' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}');
      if (body.alg) alg = body.alg;
      keys = [await newKey(alg), ...(body.dropOld ? [] : keys)];
      setProvider();
      return json(res, 200, { kids: keys.map((k) => k.kid) });
    }
    if (url.pathname === '/__test/clients' && req.method === 'POST') {
      clients = JSON.parse(await readBody(req));
      setProvider();
      return json(res, 200, clients);
    }
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(url.pathname);
    if (m) return await interaction(req, res, m[1], m[2]);
    if (url.pathname === '/jwks') jwksRequests++;
    return handler(req, res);
  } catch (e) {
    if (!res.headersSent) json(res, 500, { error: String(e?.message ?? e) });
    else res.end();
  }
});

let issuer;
function setProvider() {
  provider = build(issuer);
  handler = provider.callback();
}
server.listen(Number(process.env.OIDC_TEST_PORT ?? 0), '127.0.0.1', async () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  keys = [await newKey(alg)];
  setProvider();
  process.stdout.write(JSON.stringify({ ready: true, issuer, kids: keys.map((k) => k.kid) }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
