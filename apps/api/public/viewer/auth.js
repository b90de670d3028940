// Signing in. With an OpenID provider (GET /v1/auth/config says `oidc`): the Authorization Code
// flow with PKCE for the viewer's public client. Without one (development): a pasted token.
// Tokens live in this module's variables only: never in localStorage, sessionStorage or cookies,
// so a reload or a closed tab signs out. Only the PKCE verifier and state cross the redirect
// to the provider, in sessionStorage, and are deleted as soon as the provider sends the user back.

const PENDING = 'ndp.oidc.pending';

let config = null;
let session = null; // { accessToken, idToken, expiresAt (ms), actor }
let expiryTimer = null;
const listeners = new Set();
let lastMessage = null;

export function onAuthChange(fn) {
  listeners.add(fn);
}

function changed(message) {
  lastMessage = message ?? null;
  for (const fn of listeners) fn(session);
}

/** A message for the sign-in area (expired session, refused sign-in), read once. */
export function takeAuthMessage() {
  const m = lastMessage;
  lastMessage = null;
  return m;
}

export const authMode = () => config?.mode ?? 'development';
/** The provider is configured for the viewer: a public client and the endpoints of the code flow. */
export const signInReady = () => Boolean(config?.clientId && config.authorizationEndpoint && config.tokenEndpoint);
export const currentActor = () => session?.actor ?? null;
export const accessToken = () => (session && Date.now() < session.expiresAt ? session.accessToken : null);

const b64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));

/** The payload of a JWT, for its `exp` and `nonce` only: the server verifies the signature. */
function claimsOf(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return {};
  }
}

async function whoAmI(token) {
  const res = await fetch('/v1/auth/me', { headers: { accept: 'application/json', 'accept-language': 'vi', authorization: `Bearer ${token}` } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.detail ?? `HTTP ${res.status}`);
  return body;
}

async function begin(tokens) {
  const actor = await whoAmI(tokens.accessToken);
  const exp = claimsOf(tokens.accessToken).exp;
  const expiresAt = tokens.expiresIn ? Date.now() + tokens.expiresIn * 1000 : typeof exp === 'number' ? exp * 1000 : Date.now() + 3600_000;
  session = { ...tokens, expiresAt, actor };
  clearTimeout(expiryTimer);
  expiryTimer = setTimeout(() => expire(), Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)));
  changed();
}

/** The session ran out (or the server refused the token): forget it and say so. */
export function expire() {
  if (!session) return;
  session = null;
  clearTimeout(expiryTimer);
  changed('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
}

const redirectUri = () => `${location.origin}${location.pathname}`;

/** Loads the sign-in configuration and, when coming back from the provider, finishes signing in. */
export async function initAuth() {
  try {
    const res = await fetch('/v1/auth/config', { headers: { accept: 'application/json' } });
    config = res.ok ? await res.json() : { mode: 'development' };
  } catch {
    config = { mode: 'development' };
  }
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? ''}`);
  if (params.has('error')) return changed(`Đăng nhập không thành công: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state || config.mode !== 'oidc')
    return changed('Đăng nhập không thành công: phản hồi không khớp với yêu cầu đăng nhập.');
  try {
    const res = await fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code'),
        redirect_uri: redirectUri(),
        client_id: config.clientId,
        code_verifier: pending.verifier,
      }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error_description ?? body.error ?? `HTTP ${res.status}`);
    if (body.id_token && claimsOf(body.id_token).nonce !== pending.nonce) throw new Error('nonce không khớp');
    await begin({ accessToken: body.access_token, idToken: body.id_token ?? null, expiresIn: body.expires_in });
  } catch (e) {
    changed(`Đăng nhập không thành công: ${e.message}`);
  }
}

/** Off to the provider's sign-in page; it sends the user back to this page with a code. */
export async function signIn() {
  const verifier = random(32);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  const nonce = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo: location.hash }));
  const q = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: config.scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${config.authorizationEndpoint}?${q}`);
}

/** Development: a token minted with `npm run token`, pasted into the page, kept in memory. */
export async function useDevelopmentToken(token) {
  await begin({ accessToken: token.trim(), idToken: null, expiresIn: null });
}

export function signOut() {
  const idToken = session?.idToken;
  session = null;
  clearTimeout(expiryTimer);
  changed('Đã đăng xuất.');
  if (config?.mode === 'oidc' && config.endSessionEndpoint) {
    const q = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: redirectUri() });
    if (idToken) q.set('id_token_hint', idToken);
    location.assign(`${config.endSessionEndpoint}?${q}`);
  }
}
