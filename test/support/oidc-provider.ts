import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A real OpenID Provider (npm `oidc-provider`, certified) started on 127.0.0.1 for a test, in its
 * own Node process (test/support/oidc-provider-server.mjs). Tokens are obtained from it the way a
 * browser gets them: the Authorization Code flow with PKCE, driven over HTTP with a cookie jar.
 */

/** Where API tests' sign-ins are sent back to (never followed: the code is read from the redirect). */
const API_CALLBACK = 'http://127.0.0.1/callback';

export const TEST_AUDIENCE = 'ndp-catalogue-api';
export const TEST_CLIENT_ID = 'ndp-viewer';
/** Ask for this resource to get a token for another service (another audience). */
export const OTHER_RESOURCE = 'urn:other:service';

export interface TestUser {
  name: string;
  /** Claims added to the access token (role, ministry, realm_access…). */
  claims: Record<string, unknown>;
  /** Access token lifetime in seconds (default 600). */
  ttl?: number;
}

/** One user per role and ministry, with flat claims and Keycloak-shaped ones. */
export const TEST_USERS: Record<string, TestUser> = {
  'admin.mic': { name: 'Trần Quản Trị', claims: { role: 'mic-admin' } },
  'editor.btc': { name: 'Nguyễn Văn An', claims: { role: 'ministry-editor', ministry: 'BTC' } },
  'editor.byt': { name: 'Lê Thị Bình', claims: { role: 'ministry-editor', ministry: 'BYT' } },
  'auditor.kt': { name: 'Phạm Kiểm Toán', claims: { role: 'auditor' } },
  nobody: { name: 'Người Không Vai Trò', claims: {} },
  'short.btc': { name: 'Hoàng Ngắn Hạn', claims: { role: 'ministry-editor', ministry: 'BTC' }, ttl: 1 },
  // Keycloak: realm roles in realm_access.roles, among others that mean nothing here.
  'kc.editor.btc': {
    name: 'Đỗ Keycloak',
    claims: { realm_access: { roles: ['offline_access', 'uma_authorization', 'ministry-editor'] }, ministry: 'BTC' },
  },
  'kc.admin': { name: 'Vũ Keycloak Admin', claims: { realm_access: { roles: ['default-roles-ndp', 'mic-admin'] } } },
  'kc.conflict': {
    name: 'Mâu Thuẫn',
    claims: { role: ['mic-admin', 'ministry-editor'], realm_access: { roles: ['mic-admin', 'ministry-editor'] }, ministry: 'BTC' },
  },
};

export interface Tokens {
  accessToken: string;
  idToken: string;
  expiresIn: number;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  audience: string;
  /** Signs in as a user through the code flow with PKCE and returns the token response. */
  login(user: string, options?: { resource?: string; redirectUri?: string }): Promise<Tokens>;
  /** Publishes a new signing key in front of the old (or instead of it), optionally for another algorithm. */
  rotate(options?: { alg?: string; dropOld?: boolean }): Promise<string[]>;
  /** Registers the viewer's redirect URIs once its address is known. */
  setClient(redirectUris: string[], postLogoutRedirectUris: string[]): Promise<void>;
  stats(): Promise<{ jwksRequests: number; kids: string[] }>;
  close(): Promise<void>;
}

export async function startOidcProvider(options: { alg?: string; users?: Record<string, TestUser>; audience?: string } = {}): Promise<TestProvider> {
  const config = { alg: options.alg ?? 'RS256', audience: options.audience ?? TEST_AUDIENCE, clientId: TEST_CLIENT_ID, users: options.users ?? TEST_USERS };
  const child: ChildProcess = spawn(process.execPath, ['--no-warnings', join(__dirname, 'oidc-provider-server.mjs')], {
    env: { PATH: process.env.PATH, OIDC_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += String(c)));
  const ready = await new Promise<{ issuer: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`oidc-provider did not start: ${stderr}`)), 20000).unref();
  });
  const issuer = ready.issuer;
  const control = async (path: string, body?: unknown) => {
    const r = await fetch(issuer + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return {
    issuer,
    clientId: config.clientId,
    audience: config.audience,
    login: (user, o = {}) => codeFlow(issuer, config.clientId, user, o.redirectUri ?? API_CALLBACK, o.resource),
    rotate: async (o = {}) => (await control('/__test/rotate', o)).kids,
    setClient: async (redirectUris, postLogoutRedirectUris) => {
      // The API tests' callback stays registered beside the viewer's.
      await control('/__test/clients', { redirectUris: [...redirectUris, API_CALLBACK], postLogoutRedirectUris });
    },
    stats: () => control('/__test/stats'),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** The Authorization Code flow with PKCE, as a browser would run it, following redirects by hand. */
async function codeFlow(issuer: string, clientId: string, user: string, redirectUri: string, resource?: string): Promise<Tokens> {
  const jar = new Map<string, string>();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile catalogue',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(resource ? { resource } : {}),
  });
  const request = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  let res = await request(`${issuer}/auth?${params}`);
  let code: string | null = null;
  for (let hops = 0; hops < 10 && !code; hops++) {
    if (res.status === 200 && /id="op-login"/.test(await res.clone().text())) {
      const action = /action="([^"]+)"/.exec(await res.text())![1];
      res = await request(new URL(action, issuer).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login: user }).toString(),
      });
      continue;
    }
    const location = res.headers.get('location');
    if (!location || res.status < 300 || res.status > 399) throw new Error(`sign-in as ${user} stopped at ${res.status}: ${await res.text()}`);
    if (location.startsWith(redirectUri)) {
      const back = new URL(location);
      if (back.searchParams.get('error')) throw new Error(`sign-in refused: ${back.searchParams.get('error')} ${back.searchParams.get('error_description')}`);
      if (back.searchParams.get('state') !== state) throw new Error('state mismatch');
      code = back.searchParams.get('code');
      break;
    }
    res = await request(new URL(location, issuer).href);
  }
  if (!code) throw new Error(`no authorization code for ${user}`);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
      ...(resource ? { resource } : {}),
    }).toString(),
  });
  const body = (await token.json()) as { access_token: string; id_token: string; expires_in: number; error?: string; error_description?: string };
  if (!token.ok) throw new Error(`token endpoint: ${token.status} ${body.error} ${body.error_description}`);
  return { accessToken: body.access_token, idToken: body.id_token, expiresIn: body.expires_in };
}
