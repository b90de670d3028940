import type { Role } from '@ndp/catalogue';
import { client, LEGAL, platformBody, registerMinistries, removeDir, Reply, startTestApp, TestApp } from './support/test-app';

/**
 * The authorization matrix of API.md, generated: every write endpoint × every kind of caller,
 * with the expected status computed from the rules rather than listed by hand.
 *
 *   - no token: 401 on every write;
 *   - auditor: reads only, 403 on every write;
 *   - ministry-editor: registers entries only for its own ministry; amends, withdraws,
 *     reinstates and corrects only its own ministry's entries; never transfers, never touches
 *     ministries or editions;
 *   - mic-admin: everything.
 *
 * Each case runs on a fresh target with a valid body and the current If-Match, so an allowed
 * request really succeeds and a refused one is refused for who is asking, nothing else.
 */

type Method = 'POST' | 'PATCH';
const OWNER = 'BTC';
const OTHER = 'BCA';

interface Caller {
  key: string;
  role: Role | null;
  ministry?: string;
}

const CALLERS: Caller[] = [
  { key: 'no token', role: null },
  { key: 'auditor', role: 'auditor' },
  { key: `ministry-editor of the owner (${OWNER})`, role: 'ministry-editor', ministry: OWNER },
  { key: `ministry-editor of another ministry (${OTHER})`, role: 'ministry-editor', ministry: OTHER },
  { key: 'mic-admin', role: 'mic-admin' },
];

interface Request {
  method: Method;
  path: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** The platform the request acts on, when it acts on one. */
  platformId?: string;
}

interface WriteEndpoint {
  name: string;
  /** Who may call it, per API.md: mic-admin only, or the owner's ministry-editor and mic-admin. */
  who: 'mic-admin' | 'owner';
  /** Status of a successful call. */
  success: number;
  /** Whether it acts on a platform entry (and so has an owner ministry). */
  onEntry: boolean;
  /** Builds a fresh valid request whose subject belongs to `owner`, setting up what it needs as mic-admin. */
  prepare: (owner: string) => Promise<Request>;
}

let t: TestApp;
let n = 0;
const unique = () => ++n;
const admin = () => client(t.url, t.token('mic-admin', undefined, 'mic:setup'));

async function registerPlatform(owner: string): Promise<string> {
  const r = await admin().post('/v1/platforms', platformBody({ ownerMinistry: owner, name: `Nền tảng ${owner} ${unique()}` }));
  if (r.status !== 201) throw new Error(`setup: register platform ${r.status} ${r.text}`);
  return r.body.id;
}

/** The current revision, read as a client would before a conditional write. */
async function revisionOf(id: string): Promise<number> {
  const r = await client(t.url).get(`/v1/platforms/${id}`);
  if (r.status !== 200) throw new Error(`setup: read platform ${r.status} ${r.text}`);
  // The read's ETag starts with the revision (then what tells log positions apart; see README).
  expect(r.headers.get('etag')).toMatch(new RegExp(`^"${r.body.revision}\\.[A-Za-z0-9_-]{22}"$`));
  return r.body.revision;
}

async function withdrawn(owner: string): Promise<string> {
  const id = await registerPlatform(owner);
  const r = await admin().post(
    `/v1/platforms/${id}/withdraw`,
    { effectiveDate: '2024-07-01', reason: 'Ngừng', legalBasis: LEGAL },
    { 'if-match': `"${await revisionOf(id)}"` },
  );
  if (r.status !== 200) throw new Error(`setup: withdraw ${r.status} ${r.text}`);
  return id;
}

async function freshMinistry(prefix: string): Promise<string> {
  const code = `${prefix}${unique()}`;
  await registerMinistries(t, [{ code, name: `Bộ thử ${code}` }]);
  return code;
}

const onPlatform = async (id: string, suffix: string, method: Method, body: Record<string, unknown>, conditional = true): Promise<Request> => ({
  method,
  path: `/v1/platforms/${id}${suffix}`,
  body,
  headers: conditional ? { 'if-match': `"${await revisionOf(id)}"` } : {},
  platformId: id,
});

const WRITES: WriteEndpoint[] = [
  {
    name: 'POST /v1/ministries',
    who: 'mic-admin',
    success: 201,
    onEntry: false,
    prepare: async () => ({
      method: 'POST',
      path: '/v1/ministries',
      body: { code: `MX${unique()}`, name: `Bộ mới ${n}`, effectiveDate: '2024-01-01' },
      headers: {},
    }),
  },
  {
    name: 'POST /v1/ministries/{code}/rename',
    who: 'mic-admin',
    success: 200,
    onEntry: false,
    prepare: async () => {
      const code = await freshMinistry('RN');
      return {
        method: 'POST',
        path: `/v1/ministries/${code}/rename`,
        body: { name: `Bộ đổi tên ${code}`, effectiveDate: '2025-01-01', legalBasis: LEGAL },
        headers: {},
      };
    },
  },
  {
    name: 'POST /v1/ministries/{code}/merge',
    who: 'mic-admin',
    success: 200,
    onEntry: false,
    prepare: async () => {
      const code = await freshMinistry('MG');
      return { method: 'POST', path: `/v1/ministries/${code}/merge`, body: { into: 'BQP', effectiveDate: '2025-01-01', legalBasis: LEGAL }, headers: {} };
    },
  },
  {
    name: 'POST /v1/platforms',
    who: 'owner',
    success: 201,
    onEntry: true,
    prepare: async (owner) => ({
      method: 'POST',
      path: '/v1/platforms',
      body: platformBody({ ownerMinistry: owner, name: `Nền tảng đăng ký ${unique()}`, legalBasis: LEGAL }),
      headers: {},
    }),
  },
  {
    name: 'PATCH /v1/platforms/{id}',
    who: 'owner',
    success: 200,
    onEntry: true,
    prepare: async (owner) =>
      onPlatform(await registerPlatform(owner), '', 'PATCH', {
        name: `Tên sửa đổi ${unique()}`,
        effectiveDate: '2024-09-01',
        reason: 'Cập nhật',
        legalBasis: LEGAL,
      }),
  },
  {
    name: 'POST /v1/platforms/{id}/withdraw',
    who: 'owner',
    success: 200,
    onEntry: true,
    prepare: async (owner) =>
      onPlatform(await registerPlatform(owner), '/withdraw', 'POST', { effectiveDate: '2024-09-01', reason: 'Ngừng hoạt động', legalBasis: LEGAL }),
  },
  {
    name: 'POST /v1/platforms/{id}/reinstate',
    who: 'owner',
    success: 200,
    onEntry: true,
    prepare: async (owner) =>
      onPlatform(await withdrawn(owner), '/reinstate', 'POST', { effectiveDate: '2024-09-01', reason: 'Hoạt động lại', legalBasis: LEGAL }),
  },
  {
    name: 'POST /v1/platforms/{id}/transfer',
    who: 'mic-admin',
    success: 200,
    onEntry: true,
    prepare: async (owner) =>
      onPlatform(await registerPlatform(owner), '/transfer', 'POST', { toMinistry: 'BQP', effectiveDate: '2024-09-01', legalBasis: LEGAL }),
  },
  {
    name: 'POST /v1/platforms/{id}/corrections',
    who: 'owner',
    success: 201,
    onEntry: true,
    prepare: async (owner) =>
      onPlatform(
        await registerPlatform(owner),
        '/corrections',
        'POST',
        { description: `Mô tả đính chính ${unique()}`, effectiveFrom: '2024-05-01', reason: 'Đính chính', legalBasis: LEGAL },
        false,
      ),
  },
  {
    name: 'POST /v1/editions',
    who: 'mic-admin',
    success: 201,
    onEntry: false,
    prepare: async () => ({
      method: 'POST',
      path: '/v1/editions',
      body: { documentNumber: `${unique()}/QĐ-BTTTT`, issuedOn: '2024-07-15', signer: 'Phạm Đức Long', cutoffDate: '2024-07-03' },
      headers: {},
    }),
  },
];

/** The rules of API.md, as a function: what a caller gets from an endpoint acting on OWNER's entries. */
function expectedStatus(ep: WriteEndpoint, caller: Caller, owner = OWNER): number {
  if (caller.role === null) return 401;
  if (caller.role === 'mic-admin') return ep.success;
  if (caller.role === 'auditor') return 403;
  // ministry-editor
  if (ep.who === 'owner' && caller.ministry === owner) return ep.success;
  return 403;
}

const tokenFor = (caller: Caller): string | undefined =>
  caller.role === null ? undefined : t.token(caller.role, caller.ministry, `${caller.role}:${caller.ministry ?? 'all'}:authz`);

async function sendAs(caller: Caller, req: Request): Promise<Reply> {
  return client(t.url, tokenFor(caller)).call(req.method, req.path, req.body, req.headers);
}

function expectProblem(r: Reply, status: number): void {
  expect(r.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  expect(r.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
}

beforeAll(async () => {
  t = await startTestApp();
  await registerMinistries(t, [
    { code: 'BTC', name: 'Bộ Tài chính' },
    { code: 'BQP', name: 'Bộ Quốc phòng' },
    { code: 'BCA', name: 'Bộ Công an' },
  ]);
});

afterAll(async () => {
  await t?.close();
  if (t) removeDir(t.dataDir);
});

describe('authorization matrix: every write endpoint × every caller', () => {
  const CASES = WRITES.flatMap((ep) => CALLERS.map((caller) => ({ ep, caller, expected: expectedStatus(ep, caller) })));
  const tally = { cases: 0, allowed: 0, refused: 0, unexpectedSuccesses: [] as string[], wrongStatus: [] as string[] };

  it.each(CASES.map((c) => [c.ep.name, c.caller.key, c.expected, c] as const))('%s as %s → %i', async (name, key, expected, { ep, caller }) => {
    const req = await ep.prepare(OWNER);
    const before = t.logLength();
    const r = await sendAs(caller, req);
    const after = t.logLength();
    const label = `${name} as ${key}`;

    tally.cases++;
    if (r.status >= 200 && r.status < 300 && expected >= 400) tally.unexpectedSuccesses.push(`${label}: ${r.status}`);
    if (r.status !== expected) tally.wrongStatus.push(`${label}: expected ${expected}, got ${r.status}`);

    expect({ request: label, status: r.status, body: r.body }).toMatchObject({ request: label, status: expected });
    if (expected >= 400) {
      tally.refused++;
      expectProblem(r, expected);
      expect({ request: label, logLengthAfter: after }).toEqual({ request: label, logLengthAfter: before });
    } else {
      tally.allowed++;
      expect(r.body).toEqual(expect.objectContaining({ id: expect.any(String), revision: expect.any(Number), position: expect.any(Number) }));
      expect(after).toBeGreaterThan(before);
    }
  });

  it('covers every cell and lets nothing through that the rules refuse', () => {
    console.log(
      [
        `authorization matrix: ${tally.cases} cases (${WRITES.length} write endpoints × ${CALLERS.length} callers), ` +
          `${tally.allowed} expected allowed, ${tally.refused} expected refused, ${tally.unexpectedSuccesses.length} unexpected successes, ` +
          `${tally.wrongStatus.length} wrong statuses`,
        ...tally.unexpectedSuccesses.map((s) => `  unexpected success: ${s}`),
        ...tally.wrongStatus.map((s) => `  wrong status: ${s}`),
      ].join('\n'),
    );
    expect(tally.cases).toBe(WRITES.length * CALLERS.length);
    expect(tally.unexpectedSuccesses).toEqual([]);
  });

  it('the generated expectations match the rules as stated (spot checks)', () => {
    const ep = (name: string) => WRITES.find((w) => w.name === name)!;
    const [none, auditor, editorOwner, editorOther, micAdmin] = CALLERS;
    expect(expectedStatus(ep('POST /v1/platforms/{id}/transfer'), editorOwner)).toBe(403);
    expect(expectedStatus(ep('POST /v1/platforms/{id}/transfer'), micAdmin)).toBe(200);
    expect(expectedStatus(ep('PATCH /v1/platforms/{id}'), editorOwner)).toBe(200);
    expect(expectedStatus(ep('PATCH /v1/platforms/{id}'), editorOther)).toBe(403);
    expect(expectedStatus(ep('POST /v1/editions'), editorOwner)).toBe(403);
    expect(expectedStatus(ep('POST /v1/ministries'), auditor)).toBe(403);
    expect(expectedStatus(ep('POST /v1/platforms'), none)).toBe(401);
    expect(CASES.filter((c) => c.expected < 300)).toHaveLength(
      WRITES.length /* mic-admin */ + WRITES.filter((w) => w.who === 'owner').length /* owner's editor */,
    );
  });
});

describe("acceptance: a ministry-editor of ministry A gets 403 on every write to ministry B's entries", () => {
  const ENTRY_WRITES = WRITES.filter((w) => w.onEntry);
  it.each([
    [OTHER, OWNER],
    [OWNER, OTHER],
    ['BQP', OWNER],
  ])('editor of %s on %s entries', async (a, b) => {
    const editor: Caller = { key: `ministry-editor of ${a}`, role: 'ministry-editor', ministry: a };
    const refused: string[] = [];
    for (const ep of ENTRY_WRITES) {
      expect(expectedStatus(ep, editor, b)).toBe(403);
      const req = await ep.prepare(b);
      const revisionBefore = req.platformId ? await revisionOf(req.platformId) : null;
      const before = t.logLength();
      const r = await sendAs(editor, req);
      const label = `${ep.name} by the editor of ${a} on an entry of ${b}`;
      expect({ request: label, status: r.status, body: r.body }).toMatchObject({ request: label, status: 403 });
      expectProblem(r, 403);
      expect({ request: label, logLengthAfter: t.logLength() }).toEqual({ request: label, logLengthAfter: before });
      if (req.platformId) expect(await revisionOf(req.platformId)).toBe(revisionBefore);
      refused.push(ep.name);
    }
    expect(refused).toEqual(ENTRY_WRITES.map((w) => w.name));
  });

  it('the same writes by the editor of B succeed (control)', async () => {
    const editor: Caller = { key: `ministry-editor of ${OTHER}`, role: 'ministry-editor', ministry: OTHER };
    for (const ep of ENTRY_WRITES.filter((w) => w.who === 'owner')) {
      const r = await sendAs(editor, await ep.prepare(OTHER));
      expect({ request: ep.name, status: r.status }).toEqual({ request: ep.name, status: ep.success });
    }
  });
});

describe('ownership is judged as of the effective date', () => {
  it('after a transfer from BTC to BQP, the editor of BTC may no longer amend; the editor of BQP may', async () => {
    const id = await registerPlatform(OWNER);
    const moved = await admin().post(
      `/v1/platforms/${id}/transfer`,
      { toMinistry: 'BQP', effectiveDate: '2024-08-01', legalBasis: LEGAL },
      { 'if-match': `"${await revisionOf(id)}"` },
    );
    expect(moved.status).toBe(200);

    const btc = { key: 'editor of BTC', role: 'ministry-editor' as const, ministry: OWNER };
    const bqp = { key: 'editor of BQP', role: 'ministry-editor' as const, ministry: 'BQP' };
    const amend = async (caller: Caller) =>
      sendAs(caller, {
        method: 'PATCH',
        path: `/v1/platforms/${id}`,
        body: { operator: `Đơn vị ${unique()}`, effectiveDate: '2024-09-01' },
        headers: { 'if-match': `"${await revisionOf(id)}"` },
      });

    const before = t.logLength();
    const refused = await amend(btc);
    expect(refused.status).toBe(403);
    expect(t.logLength()).toBe(before);
    expect((await amend(bqp)).status).toBe(200);
  });
});

describe('audit reads: auditor and mic-admin only', () => {
  it.each<[string, number, Caller]>([
    ['no token', 401, CALLERS[0]],
    [`ministry-editor of ${OWNER}`, 403, CALLERS[2]],
    [`ministry-editor of ${OTHER}`, 403, CALLERS[3]],
    ['auditor', 200, CALLERS[1]],
    ['mic-admin', 200, CALLERS[4]],
  ])('GET /v1/audit as %s → %i', async (_, expected, caller) => {
    const before = t.logLength();
    const r = await client(t.url, tokenFor(caller)).get('/v1/audit');
    expect({ status: r.status, body: r.body }).toMatchObject({ status: expected });
    if (expected === 200) {
      expect(Array.isArray(r.body.events)).toBe(true);
      expect(r.body.events.length).toBeGreaterThan(0);
    } else {
      expectProblem(r, expected);
    }
    expect(t.logLength()).toBe(before);
  });

  it('a filtered audit read is refused to a ministry-editor too, even for its own ministry', async () => {
    const r = await client(t.url, t.token('ministry-editor', OWNER)).get(`/v1/audit?ministry=${OWNER}`);
    expect(r.status).toBe(403);
    expectProblem(r, 403);
  });
});
