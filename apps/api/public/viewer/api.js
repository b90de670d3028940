// Calls to the service's public /v1 API. Reading needs no token.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
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
  history: (id) => call('GET', `/v1/platforms/${encodeURIComponent(id)}/history`),
  editions: () => call('GET', '/v1/editions'),
  edition: (id) => call('GET', `/v1/editions/${encodeURIComponent(id)}`),
  editionDiff: (a, b) => call('GET', `/v1/editions/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`),
  dateDiff: (p) => call('GET', `/v1/catalogue/diff${query(p)}`),
  duplicates: (body) => call('POST', '/v1/duplicates/check', body),
  exportUrl: (p) => `/v1/catalogue/export${query(p)}`,
};
