// Calls to the service's public /v1 API. Reading needs no token.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Problem details come back in Vietnamese (Accept-Language); a token is sent only where given. */
async function call(method, path, body, token) {
  const headers = { accept: 'application/json', 'accept-language': 'vi' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  catalogue: (p) => call('GET', `/v1/catalogue${query(p)}`),
  ministries: (p) => call('GET', `/v1/ministries${query({ ...p, includeEnded: 'true' })}`),
  search: (p) => call('GET', `/v1/search${query(p)}`),
  platform: (id, p) => call('GET', `/v1/platforms/${encodeURIComponent(id)}${query(p)}`),
  // With an auditor's or mic-admin's token the history names the officials; otherwise role and ministry.
  history: (id, token) => call('GET', `/v1/platforms/${encodeURIComponent(id)}/history`, undefined, token),
  ministry: (code, p) => call('GET', `/v1/ministries/${encodeURIComponent(code)}${query(p)}`),
  audit: (p, token) => call('GET', `/v1/audit${query(p)}`, undefined, token),
  editions: () => call('GET', '/v1/editions'),
  edition: (id) => call('GET', `/v1/editions/${encodeURIComponent(id)}`),
  editionDiff: (a, b) => call('GET', `/v1/editions/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`),
  editionFileUrl: (id, format) => `/v1/editions/${encodeURIComponent(id)}${query({ format })}`,
  editionDiffFileUrl: (a, b, format) => `/v1/editions/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}${query({ format })}`,
  dateDiffFileUrl: (p) => `/v1/catalogue/diff${query(p)}`,
  dateDiff: (p) => call('GET', `/v1/catalogue/diff${query(p)}`),
  duplicates: (body) => call('POST', '/v1/duplicates/check', body),
  exportUrl: (p) => `/v1/catalogue/export${query(p)}`,
};

/**
 * A write with the signed-in user's token. Never throws for an HTTP answer: the form shows
 * problem details next to its fields. `ifMatch` is the revision on screen; `idempotencyKey`
 * is one per submission, so that a repeated click is recorded once.
 */
export async function send(method, path, body, { token, ifMatch, idempotencyKey } = {}) {
  const headers = { accept: 'application/json', 'accept-language': 'vi', 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (ifMatch !== undefined && ifMatch !== null) headers['if-match'] = `"${ifMatch}"`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let res;
  try {
    res = await fetch(path, { method, headers, body: JSON.stringify(body) });
  } catch {
    return { status: 0, body: { detail: 'Không kết nối được tới máy chủ.' } };
  }
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  return { status: res.status, body: data, replayed: res.headers.get('idempotent-replayed') === 'true' };
}
