import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkSignedHead, formatHead, GENESIS_HASH, verifyChain, verifyLogFile } from '@ndp/event-store';
import { CLI_ENTRY } from './support/spawned-server';
import { client, LEGAL, platformBody, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

const run = promisify(execFile);

/** The CLI as an operator or auditor runs it; exit code and both streams. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, ...args], { env: { ...process.env, JWT_SECRET: TEST_SECRET, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * The tamper-evident log over HTTP and through the CLI: the seeded service verifies, the edition
 * 2765 carries the chain's head, the export verifies offline against it and against a signed
 * head, and a changed, cut or reordered export is caught at the first bad position.
 */
describe('tamper-evident log: verify, heads, export, offline check', () => {
  let t: TestApp;
  let lines: string[];
  const file = (name: string) => join(t.dataDir, name);

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    const admin = client(t.url, t.token('mic-admin'));
    const p = await admin.post('/v1/platforms', platformBody({ name: 'Nền tảng sau ấn bản', effectiveDate: '2024-08-01' }));
    expect(p.status).toBe(201);
    const c = await admin.post(`/v1/platforms/${p.body.id}/corrections`, {
      name: 'Nền tảng sau ấn bản (đính chính)',
      effectiveFrom: '2024-08-01',
      reason: 'Đính chính',
      legalBasis: LEGAL,
    });
    expect(c.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('GET /v1/audit/verify: the whole chain of the running service verifies (auditor, mic-admin only)', async () => {
    const n = t.logLength();
    for (const role of ['auditor', 'mic-admin'] as const) {
      const r = await client(t.url, t.token(role)).get('/v1/audit/verify');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        ok: true,
        checked: n,
        head: { position: n, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        store: 'sqlite',
        logPosition: n,
      });
      expect(r.body.firstBadPosition).toBeUndefined();
    }
    expect((await client(t.url).get('/v1/audit/verify')).status).toBe(401);
    expect((await client(t.url, t.token('ministry-editor', 'BTC')).get('/v1/audit/verify')).status).toBe(403);
  });

  it('the seeded edition 2765 carries the head of the chain at its log position', async () => {
    const edition = (await client(t.url).get('/v1/editions/2765-BTTTT-CDSQG')).body;
    expect(edition.head).toEqual({ position: edition.logPosition, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const auditor = client(t.url, t.token('auditor'));
    const ok = await auditor.get(`/v1/audit/verify?position=${edition.head.position}&hash=${edition.head.hash}`);
    expect(ok.body).toMatchObject({ ok: true, headsChecked: [{ ...edition.head, ok: true }] });
    const wrong = await auditor.get(`/v1/audit/verify?position=${edition.head.position}&hash=${'0'.repeat(64)}`);
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ ok: false, firstBadPosition: edition.head.position });
    const beyond = await auditor.get(`/v1/audit/verify?position=${t.logLength() + 5}&hash=${'0'.repeat(64)}`);
    expect(beyond.body).toMatchObject({ ok: false, firstBadPosition: t.logLength() + 1 });
    for (const q of ['position=1', `hash=${'0'.repeat(64)}`, 'position=x&hash=00', `position=1&hash=${'A'.repeat(64)}`])
      expect({ q, status: (await auditor.get(`/v1/audit/verify?${q}`)).status }).toEqual({ q, status: 400 });
  });

  it('GET /v1/audit/head: a head signed with the key of /v1/audit/public-key, public', async () => {
    const head = await client(t.url).get('/v1/audit/head');
    expect(head.status).toBe(200);
    const key = (await client(t.url).get('/v1/audit/public-key')).body;
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: head.body.keyId, publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(head.body).toMatchObject({ position: t.logLength(), algorithm: 'Ed25519' });
    expect(checkSignedHead(head.body, key.publicKey)).toBeNull();
    expect(checkSignedHead({ ...head.body, position: head.body.position - 1 }, key.publicKey)).not.toBeNull();
    const at0 = (await client(t.url).get('/v1/audit/head?position=0')).body;
    expect(at0).toMatchObject({ position: 0, hash: GENESIS_HASH, recordedAt: null });
    expect((await client(t.url).get('/v1/audit/head?position=999999')).status).toBe(404);
    expect((await client(t.url).get('/v1/audit/head?position=-1')).status).toBe(400);
  });

  it('GET /v1/audit/export: the log as JSON Lines with hashes that verify offline', async () => {
    expect((await client(t.url).get('/v1/audit/export')).status).toBe(401);
    expect((await client(t.url, t.token('ministry-editor', 'BTC')).get('/v1/audit/export')).status).toBe(403);
    const r = await client(t.url, t.token('auditor')).get('/v1/audit/export');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(r.text.endsWith('\n')).toBe(true);
    lines = r.text.trimEnd().split('\n');
    expect(lines).toHaveLength(t.logLength());
    expect(r.headers.get('x-log-head-position')).toBe(String(t.logLength()));
    const events = lines.map((l) => JSON.parse(l));
    expect(Object.keys(events[0])).toEqual([
      'position',
      'eventId',
      'streamId',
      'revision',
      'type',
      'schemaVersion',
      'recordedAt',
      'data',
      'metadata',
      'prevHash',
      'hash',
    ]);
    expect(verifyChain(events)).toMatchObject({ ok: true, checked: lines.length });
    writeFileSync(file('export.jsonl'), r.text);
    expect(await verifyLogFile(file('export.jsonl'))).toMatchObject({ ok: true, checked: lines.length, lines: lines.length });
    // A tail export verifies from the head just before it.
    const tail = await client(t.url, t.token('auditor')).get('/v1/audit/export?after=50');
    const tailLines = tail.text.trimEnd().split('\n');
    expect(tailLines).toHaveLength(lines.length - 50);
    expect(
      verifyChain(
        tailLines.map((l) => JSON.parse(l)),
        { from: { position: 50, hash: events[49].hash } },
      ),
    ).toMatchObject({ ok: true });
  });

  describe('the CLI', () => {
    it('verify: reads the live log file read-only while the service runs; exit 0', async () => {
      const r = await cli(['verify'], { DATA_DIR: t.dataDir });
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, checked: t.logLength(), store: 'sqlite' });
      const edition = (await client(t.url).get('/v1/editions/2765-BTTTT-CDSQG')).body;
      const withHead = await cli(['verify', '--head', formatHead(edition.head)], { DATA_DIR: t.dataDir });
      expect(withHead.code).toBe(0);
      const badHead = await cli(['verify', '--head', `${edition.head.position}:${'1'.repeat(64)}`], { DATA_DIR: t.dataDir });
      expect(badHead.code).toBe(2);
      expect(JSON.parse(badHead.stdout)).toMatchObject({ ok: false, firstBadPosition: edition.head.position });
    });

    it('export-log writes the same JSON Lines as the HTTP export; verify-file checks it offline against heads', async () => {
      const out = file('cli-export.jsonl');
      const exported = await cli(['export-log', '--out', out], { DATA_DIR: t.dataDir });
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout)).toMatchObject({ events: lines.length, toPosition: lines.length, verification: { ok: true } });
      expect(readFileSync(out, 'utf8')).toBe(lines.join('\n') + '\n');

      const edition = (await client(t.url).get('/v1/editions/2765-BTTTT-CDSQG')).body;
      writeFileSync(file('head.json'), JSON.stringify((await client(t.url).get('/v1/audit/head')).body));
      writeFileSync(file('key.pem'), (await client(t.url).get('/v1/audit/public-key')).body.publicKey);
      // Offline: no DATA_DIR, no secret in the environment.
      const offline = { DATA_DIR: '/nonexistent', JWT_SECRET: '' };
      const good = await cli(
        ['verify-file', out, '--head', formatHead(edition.head), '--head-file', file('head.json'), '--public-key', file('key.pem')],
        offline,
      );
      expect({ code: good.code, stderr: good.stderr }).toMatchObject({ code: 0 });
      expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, checked: lines.length, headsChecked: [{ ok: true }, { ok: true }] });

      // One character changed in the data of one event in the middle.
      const k = 40;
      const changed = [...lines];
      changed[k - 1] = changed[k - 1].replace(/"name":"(.)/, (_m, c) => `"name":"${c === 'X' ? 'Y' : 'X'}`);
      expect(changed[k - 1]).not.toBe(lines[k - 1]);
      writeFileSync(file('changed.jsonl'), changed.join('\n') + '\n');
      const bad = await cli(['verify-file', file('changed.jsonl')], offline);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, firstBadPosition: k, checked: k - 1 });

      // The last three events cut off: invisible without a head, caught with the signed head.
      writeFileSync(file('cut.jsonl'), lines.slice(0, -3).join('\n') + '\n');
      expect((await cli(['verify-file', file('cut.jsonl')], offline)).code).toBe(0);
      const cut = await cli(['verify-file', file('cut.jsonl'), '--head-file', file('head.json'), '--public-key', file('key.pem')], offline);
      expect(cut.code).toBe(2);
      expect(JSON.parse(cut.stdout)).toMatchObject({ ok: false, firstBadPosition: lines.length - 2 });

      // A forged signed head (moved to an earlier position) is refused before anything else.
      const head = JSON.parse(readFileSync(file('head.json'), 'utf8'));
      writeFileSync(file('forged-head.json'), JSON.stringify({ ...head, position: head.position - 3, hash: JSON.parse(lines.at(-4)!).hash }));
      const forged = await cli(['verify-file', file('cut.jsonl'), '--head-file', file('forged-head.json'), '--public-key', file('key.pem')], offline);
      expect(forged.code).toBe(2);
      expect(forged.stderr).toMatch(/signature/);

      // Two lines swapped.
      const swapped = [...lines];
      [swapped[9], swapped[10]] = [swapped[10], swapped[9]];
      writeFileSync(file('swapped.jsonl'), swapped.join('\n') + '\n');
      expect(JSON.parse((await cli(['verify-file', file('swapped.jsonl')], offline)).stdout)).toMatchObject({ ok: false, firstBadPosition: 10 });

      expect((await cli(['verify-file'], offline)).code).toBe(1);
      expect((await cli(['verify-file', out, '--head', 'nonsense'], offline)).code).toBe(1);
    });
  });
});
