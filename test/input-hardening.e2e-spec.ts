import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import jwt from 'jsonwebtoken';
import { CLI_ENTRY } from './support/spawned-server';
import { client, LEGAL, platformBody, registerMinistries, removeDir, Reply, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

/**
 * Input that cannot corrupt the record (issue 11): every hostile request is refused with a
 * 400/401/422/429 problem naming the field, parameter or header, and the event log is exactly
 * as long after it as before. Each case has a control: the same request without the hostile
 * part succeeds, so that a broken endpoint cannot pass for a strict one.
 */

let t: TestApp;
let admin: ReturnType<typeof client>;
let entryId = '';
let entryRevision = 0;

beforeAll(async () => {
  t = await startTestApp();
  await registerMinistries(t, [
    { code: 'BTC', name: 'Bộ Tài chính' },
    { code: 'BQP', name: 'Bộ Quốc phòng' },
  ]);
  admin = client(t.url, t.token('mic-admin', undefined, 'mic:input'));
  const r = await admin.post('/v1/platforms', platformBody({ name: 'Hệ thống kiểm tra đầu vào' }));
  expect(r.status).toBe(201);
  entryId = r.body.id;
  entryRevision = r.body.revision;
});

afterAll(async () => {
  await t?.close();
  if (t) removeDir(t.dataDir);
});

/** Sends a request and checks: the status, problem+json, the field named, and nothing recorded. */
async function refused(send: () => Promise<Reply>, status: number, field?: string, type?: string): Promise<Reply> {
  const before = t.logLength();
  const r = await send();
  const after = t.logLength();
  expect({ status: r.status, recorded: after - before, body: r.body }).toMatchObject({ status, recorded: 0 });
  expect(r.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);
  if (type) expect(r.body.type).toBe(`urn:ndp-catalogue:problem:${type}`);
  if (field !== undefined) expect((r.body.errors ?? []).map((e: { field: string }) => e.field)).toContain(field);
  return r;
}

/** Sends a request that must succeed and record something. */
async function accepted(send: () => Promise<Reply>, status = 201): Promise<Reply> {
  const before = t.logLength();
  const r = await send();
  expect({ status: r.status, body: r.body }).toMatchObject({ status });
  expect(t.logLength()).toBeGreaterThan(before);
  return r;
}

/** POST with a raw body (bytes or text) sent exactly as given. */
async function rawPost(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(t.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token('mic-admin', undefined, 'mic:input')}`, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

let counter = 0;
/** A fresh valid registration each time (names must not collide). */
const freshPlatform = (overrides: Record<string, unknown> = {}) => platformBody({ name: `Nền tảng thử nghiệm ${++counter}`, ...overrides });

describe('text is normalised to NFC', () => {
  it('an NFD name is stored, read and found as NFC: the same name', async () => {
    const nfc = 'Cổng dịch vụ công quốc gia thử NFC';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const r = await accepted(() => admin.post('/v1/platforms', platformBody({ name: nfd, description: 'Mô tả'.normalize('NFD') })));
    const read = await admin.get(`/v1/platforms/${r.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(nfc);
    expect(Buffer.from(read.body.name)).toEqual(Buffer.from(nfc));
    expect(read.body.description).toBe('Mô tả'.normalize('NFC'));
    // Searched by either spelling, it is found; and the NFC name is taken (the same name).
    for (const q of [nfc, nfd]) {
      const found = await admin.get(`/v1/search?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(JSON.stringify(found.body)).toContain(r.body.id);
    }
  });
});

describe('text that cannot be recorded → 400 naming the field', () => {
  const HOSTILE: Array<[string, string]> = [
    ['a NUL', 'Cổng\u0000thông tin'],
    ['an ESC (C0)', 'Cổng\u001b[31m thông tin'],
    ['DEL', 'Cổng\u007f thông tin'],
    ['a C1 control (U+0085)', 'Cổng\u0085thông tin'],
    ['a line feed', 'Cổng\nthông tin'],
    ['a carriage return', 'Cổng\rthông tin'],
    ['a tab', 'Cổng\tthông tin'],
    ['a line separator U+2028', 'Cổng\u2028thông tin'],
    ['a right-to-left override U+202E', 'Cổng \u202Enit gnôht'],
    ['a left-to-right embedding U+202A', 'Cổng \u202Athông tin'],
    ['a first-strong isolate U+2068', 'Cổng \u2068thông tin\u2069'],
    ['a lone high surrogate', 'Cổng \ud800 thông tin'],
    ['a lone low surrogate', 'Cổng \udc00 thông tin'],
  ];

  it('control: the same registration without the hostile part succeeds', async () => {
    await accepted(() => admin.post('/v1/platforms', freshPlatform()));
  });

  it.each(HOSTILE)('name with %s', async (_, name) => {
    await refused(() => admin.post('/v1/platforms', freshPlatform({ name })), 400, 'name', 'invalid-input');
  });

  it.each(HOSTILE.filter(([what]) => !/line feed|carriage|tab|separator/.test(what)))('description with %s', async (_, description) => {
    await refused(() => admin.post('/v1/platforms', freshPlatform({ description })), 400, 'description');
  });

  it('description may hold line breaks and tabs', async () => {
    const r = await accepted(() => admin.post('/v1/platforms', freshPlatform({ description: 'Dòng một\r\nDòng hai\n\tthụt lề' })));
    expect((await admin.get(`/v1/platforms/${r.body.id}`)).body.description).toBe('Dòng một\r\nDòng hai\n\tthụt lề');
  });

  it.each([
    ['legalBasis.documentNumber', { legalBasis: { ...LEGAL, documentNumber: '15/QĐ\u202E-TEST' } }],
    ['legalBasis.signer', { legalBasis: { ...LEGAL, signer: 'Người\nký' } }],
    ['reason', { reason: 'Lý do\u0000' }],
    ['contact.name', { contact: { name: 'Nguyễn\u2066 Văn A' } }],
    ['operator', { operator: 'Đơn vị\u0007' }],
    ['coMinistries.0', { coMinistries: ['BQP\u0000'] }],
  ])('%s', async (field, overrides) => {
    await refused(() => admin.post('/v1/platforms', freshPlatform(overrides)), 400, field);
  });

  it('a lone surrogate written as a JSON escape ("\\ud800") in a ministry rename', async () => {
    const body = `{"name":"Bộ Quốc phòng \\ud800","effectiveDate":"2025-01-01","legalBasis":${JSON.stringify(LEGAL)}}`;
    await refused(() => rawPost('/v1/ministries/BQP/rename', body), 400, 'name');
    await accepted(() => rawPost('/v1/ministries/BQP/rename', body.replace('\\ud800', 'mới')), 200);
  });

  describe('required text made only of invisible characters', () => {
    const INVISIBLE: Array<[string, string]> = [
      ['zero-width spaces', '\u200B\u200B'],
      ['a zero-width joiner and non-joiner', '\u200D\u200C'],
      ['a word joiner', '\u2060'],
      ['a byte order mark', '\uFEFF'],
      ['a soft hyphen', '\u00AD'],
      ['no-break spaces', '\u00A0\u00A0'],
      ['an ideographic space and a zero-width space', '\u3000\u200B'],
    ];
    it.each(INVISIBLE)('name of %s', async (_, name) => {
      await refused(() => admin.post('/v1/platforms', freshPlatform({ name })), 400, 'name');
    });
    it.each(INVISIBLE)('legalBasis.documentNumber of %s', async (_, documentNumber) => {
      await refused(() => admin.post('/v1/platforms', freshPlatform({ legalBasis: { ...LEGAL, documentNumber } })), 400, 'legalBasis.documentNumber');
    });
    it.each(INVISIBLE)('withdrawal reason of %s', async (_, reason) => {
      await refused(
        () => admin.post(`/v1/platforms/${entryId}/withdraw`, { effectiveDate: '2024-09-01', reason, legalBasis: LEGAL }, { 'if-match': `"${entryRevision}"` }),
        400,
        'reason',
      );
    });
    it('control: a name with a zero-width joiner inside real text is a name', async () => {
      await accepted(() => admin.post('/v1/platforms', freshPlatform({ name: `Nền tảng\u200D có ZWJ ${++counter}` })));
    });
  });
});

describe('raw bodies', () => {
  const good = () => JSON.stringify(freshPlatform());

  it('control: a raw UTF-8 body is accepted', async () => {
    await accepted(() => rawPost('/v1/platforms', Buffer.from(good(), 'utf8')));
  });

  it.each<[string, (s: string) => Buffer]>([
    ['a lone continuation byte', (s) => Buffer.concat([Buffer.from(s.slice(0, 10), 'utf8'), Buffer.from([0x80]), Buffer.from(s.slice(10), 'utf8')])],
    [
      'a truncated sequence (0xC3 then ASCII)',
      (s) => Buffer.concat([Buffer.from(s.slice(0, 10), 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from(s.slice(10), 'utf8')]),
    ],
    [
      'an encoded surrogate (ED A0 80)',
      (s) => Buffer.concat([Buffer.from(s.slice(0, 10), 'utf8'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(s.slice(10), 'utf8')]),
    ],
    ['Latin-1 instead of UTF-8', (s) => Buffer.from(s, 'latin1')],
  ])('invalid UTF-8: %s → 400 invalid-encoding', async (_, make) => {
    await refused(() => rawPost('/v1/platforms', make(good())), 400, 'body', 'invalid-encoding');
  });

  it.each([
    [
      'a top-level key twice',
      '{"name":"A","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","name":"B"}',
      'name',
    ],
    [
      'a key twice, once escaped',
      '{"name":"A","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","n\\u0061me":"B"}',
      'name',
    ],
    [
      'a nested key twice',
      `{"name":"A","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","legalBasis":{"documentNumber":"1/QĐ","issuedOn":"2024-01-01","documentNumber":"2/QĐ"}}`,
      'legalBasis.documentNumber',
    ],
  ])('duplicate keys: %s → 400 naming it', async (_, body, field) => {
    await refused(() => rawPost('/v1/platforms', body), 400, field, 'duplicate-key');
  });

  it('control: the same key in two different objects is no duplicate', async () => {
    await accepted(() =>
      rawPost(
        '/v1/platforms',
        `{"name":"Tên ${++counter}","kind":"portal","ownerMinistry":"BTC","deploymentStatus":"operational","effectiveDate":"2024-05-01","contact":{"name":"A"}}`,
      ),
    );
  });
});

describe('tokens → 401', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { sub: 'mic:token', name: 'Người thử', role: 'mic-admin' };
  const withToken = (token: string) => client(t.url, token).post('/v1/platforms', freshPlatform());

  it('control: a well-formed token of 12 h is accepted', async () => {
    await accepted(() => withToken(jwt.sign({ ...claims, iat: now(), exp: now() + 12 * 3600 }, TEST_SECRET, { algorithm: 'HS256' })));
  });

  it.each<[string, () => string]>([
    [
      'an unknown crit header parameter',
      () => jwt.sign({ ...claims, exp: now() + 600 }, TEST_SECRET, { header: { alg: 'HS256', crit: ['exp-ext'], 'exp-ext': true } as never }),
    ],
    ['a lifetime of 12 h and a minute', () => jwt.sign({ ...claims, iat: now(), exp: now() + 12 * 3600 + 60 }, TEST_SECRET)],
    ['a lifetime of a year without iat', () => jwt.sign({ ...claims, exp: now() + 365 * 86400 }, TEST_SECRET, { noTimestamp: true })],
    ['an iat an hour in the future', () => jwt.sign({ ...claims, iat: now() + 3600, exp: now() + 7200 }, TEST_SECRET)],
  ])('%s', async (_, make) => {
    await refused(() => withToken(make()), 401, undefined, 'unauthenticated');
  });
});

describe('query strings are as strict as bodies', () => {
  /**
   * Every GET route of the API, read from the route metadata of the running application's
   * controllers (what the router is built from, whatever the HTTP layer): none can be forgotten
   * (Swagger UI's static files are not the API's).
   */
  function getRoutes(): string[] {
    const paths: string[] = [];
    const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);
    for (const module of t.app.get(ModulesContainer).values())
      for (const { metatype } of module.controllers.values()) {
        const controller = metatype as unknown as { prototype: Record<string, unknown> };
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
          for (const base of list(Reflect.getMetadata(PATH_METADATA, controller)))
            for (const sub of list(Reflect.getMetadata(PATH_METADATA, handler)))
              paths.push(`/${[base, sub].filter((p) => p !== '' && p !== '/').join('/')}`.replace(/\/{2,}/g, '/'));
        }
      }
    return [...new Set(paths)]
      .filter((p) => typeof p === 'string' && !p.startsWith('/docs') && p !== '/v1/openapi.json')
      .map((p) =>
        p
          .replace(/:id\b/, entryId)
          .replace(/:code\b/, 'BTC')
          .replace(/:a\b/, '1')
          .replace(/:b\b/, '2'),
      );
  }

  it('every GET route refuses an unknown parameter, naming it; without it, the route does not complain of it', async () => {
    const routes = getRoutes();
    expect(routes.length).toBeGreaterThan(15);
    for (const path of routes) {
      const hostile = await refused(() => admin.get(`${path}?zzUnknown=1`).then((r) => ({ ...r, body: { path, ...r.body } })), 400, 'zzUnknown');
      expect({ path, type: hostile.body.type }).toEqual({ path, type: 'urn:ndp-catalogue:problem:invalid-input' });
      const control = await admin.get(path);
      expect({ path, status: control.status < 500, namesIt: JSON.stringify(control.body ?? '').includes('zzUnknown') }).toEqual({
        path,
        status: true,
        namesIt: false,
      });
    }
  });

  const CASES: Array<[string, string, string]> = [
    // [route with good parameters, hostile addition, parameter named]
    ['/v1/catalogue?asOf=2024-07-03', '&asOf[]=2024-07-04', 'asOf[]'],
    ['/v1/catalogue?asOf=2024-07-03', '&asOf=2024-07-04', 'asOf'],
    ['/v1/catalogue?asOf=2024-07-03', '&ministry[code]=BTC', 'ministry[code]'],
    ['/v1/catalogue?asOf=2024-07-03', '&asof=2024-07-04', 'asof'],
    ['/v1/catalogue?asOf=2024-07-03', '&q=a%0Ab', 'q'],
    ['/v1/catalogue?asOf=2024-07-03', '&q=%E2%80%AEabc', 'q'],
    ['/v1/catalogue?asOf=2024-07-03', '&minPosition=1&minPosition=2', 'minPosition'],
    ['/v1/platforms/{id}?asOf=2024-07-03', '&knownAt=2025-01-01&knownAt=2025-01-02', 'knownAt'],
    ['/v1/platforms/{id}?asOf=2024-07-03', '&include=all', 'include'],
    ['/v1/ministries?asOf=2024-07-03', '&includeEnded[]=true', 'includeEnded[]'],
    ['/v1/catalogue/diff?from=2024-01-01', '&to=2024-07-01&to=2024-08-01', 'to'],
    ['/v1/search?q=c%E1%BB%95ng', '&q=hai', 'q'],
    ['/v1/search?q=c%E1%BB%95ng', '&limit[]=5', 'limit[]'],
    ['/v1/catalogue/export?format=json', '&format=csv', 'format'],
    ['/v1/audit?limit=5', '&limit=6', 'limit'],
  ];
  it.each(CASES)('%s with %s → 400 naming %s (the route alone: 200)', async (good, extra, name) => {
    const path = good.replace('{id}', entryId);
    const control = await admin.get(path);
    expect({ path, status: control.status }).toEqual({ path, status: 200 });
    await refused(() => admin.get(path + extra), 400, name);
  });

  it('a value that is not UTF-8 once percent-decoded → 400 invalid-encoding naming it', async () => {
    await refused(() => admin.get('/v1/search?q=%C3%28'), 400, 'q', 'invalid-encoding');
    await refused(() => admin.get('/v1/search?q=%ED%A0%80'), 400, 'q', 'invalid-encoding');
  });

  it('values are read as NFC: a search written in NFD finds what NFC finds', async () => {
    const nfc = await admin.get(`/v1/search?q=${encodeURIComponent('Hệ thống kiểm tra')}`);
    const nfd = await admin.get(`/v1/search?q=${encodeURIComponent('Hệ thống kiểm tra'.normalize('NFD'))}`);
    expect(nfc.status).toBe(200);
    expect(JSON.stringify(nfc.body)).toContain(entryId);
    expect(nfd.body).toEqual(nfc.body);
  });

  it('writes take no query parameters either (and authorization is still decided first)', async () => {
    await refused(() => admin.post('/v1/platforms?dryRun=true', freshPlatform()), 400, 'dryRun');
    await refused(() => client(t.url).post('/v1/platforms?dryRun=true', freshPlatform()), 401);
    await refused(
      () =>
        client(t.url, t.token('auditor'))
          .get('/v1/audit?zz=1')
          .then((r) => r),
      400,
      'zz',
    );
    await refused(() => client(t.url).get('/v1/audit?zz=1'), 401);
  });
});

describe('catalogue files', () => {
  const HEADER = 'name,kind,ownerMinistry,description,operator,contactPhone,registeredOn';
  const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';
  const importAs = (token: string, content: string, extra: Record<string, unknown> = {}) =>
    client(t.url, token).post('/v1/catalogue/import', { format: 'csv', content, ...extra });

  it('CSV export neutralises formula cells, and the import reads them back unchanged', async () => {
    const name = `=HYPERLINK("http://x.example","bấm") ${++counter}`;
    const original = {
      name,
      description: "'-mô tả",
      operator: '@Cục Tin học',
      contact: { phone: '+84 24 2220 2828' },
    };
    const created = await accepted(() => admin.post('/v1/platforms', freshPlatform(original)));
    const exported = await admin.get('/v1/catalogue/export?format=csv&asOf=2024-07-03');
    expect(exported.status).toBe(200);
    const lines = exported.text.split('\r\n');
    const line = lines.find((l) => l.includes(created.body.id))!;
    expect(line).toContain(`"'${name.replace(/"/g, '""')}"`);
    expect(line).toContain("''-mô tả");
    expect(line).toContain("'@Cục Tin học");
    expect(line).toContain("'+84 24 2220 2828");
    // Importing the export back changes nothing: every cell reads as the text it was.
    const again = await client(t.url, t.token('mic-admin', undefined, 'mic:input')).post('/v1/catalogue/import', {
      format: 'csv',
      content: exported.text,
      effectiveDate: '2024-07-03',
      dryRun: true,
    });
    expect(again.status).toBe(200);
    expect(again.body.unchanged.map((u: { id: string }) => u.id)).toContain(created.body.id);
    expect(again.body.steps.filter((s: { id: string }) => s.id === created.body.id)).toEqual([]);
  });

  it('a CSV header naming a column twice → 400 naming it; nothing recorded', async () => {
    const token = t.token('mic-admin', undefined, 'mic:input');
    const r = await refused(() => importAs(token, `name,kind,ownerMinistry,name\r\nTên ${++counter},portal,BTC,Tên khác\r\n`), 400, 'content');
    expect(r.body.detail).toMatch(/'name' twice/);
    await accepted(() => importAs(token, `name,kind,ownerMinistry\r\nTên ${++counter},portal,BTC\r\n`), 200);
  });

  it('a file that was not valid UTF-8 (U+FFFD where bytes could not be read) → 400 naming content', async () => {
    const token = t.token('mic-admin', undefined, 'mic:input');
    const r = await refused(() => importAs(token, csv(`Hệ thống ${++counter} h\uFFFDng,portal,BTC,,,,`)), 400, 'content');
    expect(r.body.detail).toMatch(/UTF-8/);
  });

  it.each([
    ['a bidi override in a name', `Hệ thống \u202Eđảo ngược,portal,BTC,,,,`, 'content'],
    ['a line break in a name', `"Hệ thống\nhai dòng",portal,BTC,,,,`, 'row 2: name'],
    ['a name of zero-width spaces', `\u200B\u200B,portal,BTC,,,,`, 'row 2: name'],
    ['a lone surrogate in an operator', `Hệ thống ${Date.now()},portal,BTC,,Đơn vị \ud800,,`, 'content'],
  ])('a file cell with %s is refused, naming it; nothing recorded', async (_, row, field) => {
    const token = t.token('mic-admin', undefined, 'mic:input');
    await refused(() => importAs(token, csv(row)), field === 'content' ? 400 : 422, field);
  });

  it('a JSON file giving a key twice in one entry → 400 naming it', async () => {
    const token = t.token('mic-admin', undefined, 'mic:input');
    const name = `Hệ thống JSON ${++counter}`;
    const file = `{"platforms":[{"name":"${name}","kind":"portal","ownerMinistry":"BTC","ownerMinistry":"BQP"}]}`;
    const r = await refused(() => importAs(token, file, { format: 'json' }), 400, 'content');
    expect(r.body.detail).toContain('platforms.0.ownerMinistry');
    await accepted(() => importAs(token, file.replace(',"ownerMinistry":"BQP"', ''), { format: 'json' }), 200);
  });

  /** Asynchronous, so that the service of this process keeps answering meanwhile. */
  const cliImport = (file: string, dataDir: string) =>
    new Promise<{ status: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [CLI_ENTRY, 'import', file],
        { env: { ...process.env, DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET }, encoding: 'utf8' },
        (error, _stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );

  it('the CLI refuses a file that is not UTF-8, and records nothing', async () => {
    expect(existsSync(CLI_ENTRY)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'ndp-latin1-'));
    try {
      const file = join(dir, 'danh-muc.csv');
      writeFileSync(file, Buffer.from(`name,kind,ownerMinistry\r\nHệ thống ${++counter},portal,BTC\r\n`, 'latin1'));
      const dataDir = join(dir, 'data');
      const run = await cliImport(file, dataDir);
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: expect.stringContaining('not valid UTF-8') });
      expect(existsSync(join(dataDir, 'events.db'))).toBe(false); // refused before the store is opened
      // Control: the same file in UTF-8 is imported (mic-admin registers the ministry it names).
      writeFileSync(file, `name,kind,ownerMinistry,ownerMinistryName\r\nHệ thống ${counter},portal,BTC,Bộ Tài chính\r\n`, 'utf8');
      const ok = await cliImport(file, dataDir);
      expect({ status: ok.status, stderr: ok.stderr }).toMatchObject({ status: 0 });
    } finally {
      removeDir(dir);
    }
  });

  it('a description cell may span lines', async () => {
    await accepted(
      () => importAs(t.token('mic-admin', undefined, 'mic:input'), csv(`Hệ thống nhiều dòng ${++counter},portal,BTC,"dòng một\r\ndòng hai",,,`)),
      200,
    );
  });
});

describe('the import obeys authority', () => {
  beforeAll(async () => {
    await registerMinistries(t, [
      { code: 'BCA', name: 'Bộ Công an' },
      { code: 'BTTTT', name: 'Bộ Thông tin và Truyền thông' },
    ]);
    const merged = await admin.post('/v1/ministries/BTTTT/merge', { into: 'BCA', effectiveDate: '2025-03-01', legalBasis: LEGAL });
    expect(merged.status).toBe(200);
  });
  const HEADER = 'name,kind,ownerMinistry,registeredOn';

  it("an editor of BTC importing BQP's entries records nothing for BQP: 403 on each of those rows", async () => {
    const editor = t.token('ministry-editor', 'BTC', 'editor:btc');
    const file = [
      HEADER,
      `Nền tảng của BTC ${++counter},portal,BTC,2024-06-01`,
      `Nền tảng của BQP ${counter},portal,BQP,2024-06-01`,
      `Nền tảng khác của BQP ${counter},portal,BQP,2024-06-01`,
    ].join('\r\n');
    const before = t.logLength();
    const r = await client(t.url, editor).post('/v1/catalogue/import', { format: 'csv', content: file });
    expect(r.status).toBe(200);
    const byOwner = (m: string) => r.body.steps.filter((s: { ownerMinistry: string }) => s.ownerMinistry === m);
    expect(byOwner('BTC').map((s: { status: string }) => s.status)).toEqual(['done']);
    expect(byOwner('BQP').map((s: { status: string; error?: { status: number } }) => [s.status, s.error?.status])).toEqual([
      ['failed', 403],
      ['failed', 403],
    ]);
    expect(r.body.summary.failed).toBe(2);
    expect(t.logLength() - before).toBe(1); // the BTC entry only
    const bqp = await admin.get(`/v1/search?q=${encodeURIComponent(`Nền tảng của BQP ${counter}`)}&status=all`);
    expect(bqp.body.results.map((x: { platform: { ownerMinistry: string } }) => x.platform.ownerMinistry)).not.toContain('BQP');
  });

  it("an ended ministry's editor is refused: nothing recorded", async () => {
    const editor = t.token('ministry-editor', 'BTTTT', 'editor:btttt');
    const file = [HEADER, `Nền tảng của BTTTT ${++counter},portal,BTTTT,2025-06-01`].join('\r\n');
    const before = t.logLength();
    const r = await client(t.url, editor).post('/v1/catalogue/import', { format: 'csv', content: file, effectiveDate: '2025-06-01' });
    expect(t.logLength()).toBe(before);
    // Authorization comes first (I3): the whole request is refused before the file is read.
    expect({ status: r.status, type: r.body.type }).toEqual({ status: 403, type: 'urn:ndp-catalogue:problem:actor-ministry-ended' });
    // Control: the surviving ministry's editor may import the same row for its own ministry.
    const survivor = t.token('ministry-editor', 'BCA', 'editor:bca');
    const ok = await client(t.url, survivor).post('/v1/catalogue/import', {
      format: 'csv',
      content: file.replace(/,BTTTT,/, ',BCA,'),
      effectiveDate: '2025-06-01',
    });
    expect({ status: ok.status, steps: ok.body.steps?.map((s: { status: string }) => s.status) }).toEqual({ status: 200, steps: ['done'] });
    expect(t.logLength()).toBe(before + 1);
  });
});

describe('the import counts every row against the write rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '5' } });
    await registerMinistries(limited, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
  });
  afterAll(async () => {
    await limited?.close();
    if (limited) removeDir(limited.dataDir);
  });
  const file = (n: number, tag: string) =>
    ['name,kind,ownerMinistry', ...Array.from({ length: n }, (_, i) => `Nền tảng ${tag} ${i + 1},portal,BTC`)].join('\r\n');
  const importer = () => client(limited.url, limited.token('ministry-editor', 'BTC', 'editor:rate'));

  it('a file of more rows than the limit → 429 before anything is recorded', async () => {
    const before = limited.logLength();
    const r = await importer().post('/v1/catalogue/import', { format: 'csv', content: file(6, 'sáu') });
    expect({ status: r.status, recorded: limited.logLength() - before }).toEqual({ status: 429, recorded: 0 });
    expect(r.body.type).toBe('urn:ndp-catalogue:problem:rate-limited');
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('3 rows are 3 writes: a second file of 3 within the minute → 429, nothing of it recorded', async () => {
    const other = client(limited.url, limited.token('ministry-editor', 'BTC', 'editor:rate-2'));
    const before = limited.logLength();
    const first = await other.post('/v1/catalogue/import', { format: 'csv', content: file(3, 'một') });
    expect({ status: first.status, recorded: limited.logLength() - before }).toEqual({ status: 200, recorded: 3 });
    const second = await other.post('/v1/catalogue/import', { format: 'csv', content: file(3, 'hai') });
    expect({ status: second.status, recorded: limited.logLength() - before }).toEqual({ status: 429, recorded: 3 });
    // A dry run records nothing and costs one request, as any other.
    const dry = await client(limited.url, limited.token('ministry-editor', 'BTC', 'editor:rate-3')).post('/v1/catalogue/import', {
      format: 'csv',
      content: file(4, 'thử'),
      dryRun: true,
    });
    expect(dry.status).toBe(200);
  });
});
