import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CATALOGUE_INDEX_TABLES } from '@ndp/projections';
import { CLI_ENTRY } from './support/spawned-server';
import { client, removeDir, startTestApp, TEST_SECRET, TestApp } from './support/test-app';

function dumpReadModels(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'read-models.db'), { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of [...CATALOGUE_INDEX_TABLES, 'projection_checkpoints']) out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
    return out;
  } finally {
    db.close();
  }
}

/** The read models are derived only from the log: replaying it from zero must give the same bytes. */
describe('rebuilding projections from position zero', () => {
  let t: TestApp;
  afterAll(() => removeDir(t.dataDir));

  it('gives exactly the live result, table by table and answer by answer', async () => {
    t = await startTestApp({ seed: true });
    let admin = client(t.url, t.token('mic-admin'));
    const catalogue = (await admin.get('/v1/catalogue')).body;
    // Add corrections, amendments, a withdrawal and a merger on top of the seed.
    for (const p of catalogue.platforms.slice(0, 10)) {
      expect(
        (
          await admin.post(`/v1/platforms/${p.id}/corrections`, {
            description: `Mô tả ${p.name}`,
            effectiveFrom: '2024-07-03',
            reason: 'Bổ sung',
            legalBasis: { documentNumber: '1/BS', issuedOn: '2024-08-01' },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await admin.patch(
            `/v1/platforms/${p.id}`,
            { ndxpStatus: 'connected', effectiveDate: '2024-09-01', legalBasis: { documentNumber: '01/QĐ-CĐSQG', issuedOn: '2024-05-20' } },
            { 'if-match': '"1"' },
          )
        ).status,
      ).toBe(200);
    }
    expect(
      (
        await admin.post(
          `/v1/platforms/${catalogue.platforms[11].id}/withdraw`,
          { effectiveDate: '2024-10-01', reason: 'r', legalBasis: { documentNumber: '2/W', issuedOn: '2024-09-30' } },
          { 'if-match': '0' },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.post('/v1/ministries/BKHDT/merge', {
          into: 'BTC',
          effectiveDate: '2025-03-01',
          legalBasis: { documentNumber: '176/2025/QH15', issuedOn: '2025-02-18' },
        })
      ).status,
    ).toBe(200);
    const answers = async () => ({
      now: (await admin.get('/v1/catalogue')).text,
      past: (await admin.get('/v1/catalogue?asOf=2024-08-01&knownAt=2030-01-01')).text,
      edition: (await admin.get('/v1/editions/2765-BTTTT-CDSQG')).text,
      history: (await admin.get(`/v1/platforms/${catalogue.platforms[0].id}/history`)).text,
      audit: (await admin.get('/v1/audit?limit=1000')).text,
    });
    const liveAnswers = await answers();
    await t.close();
    const live = dumpReadModels(t.dataDir);
    expect(live.versions.length).toBeGreaterThan(100);

    const out = execFileSync(process.execPath, [CLI_ENTRY, 'rebuild'], {
      env: { ...process.env, DATA_DIR: t.dataDir, JWT_SECRET: TEST_SECRET },
      encoding: 'utf8',
    });
    expect(out).toMatch(/rebuilt read models from \d+ events/);
    const rebuilt = dumpReadModels(t.dataDir);
    for (const table of Object.keys(live)) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });

    t = await startTestApp({ dataDir: t.dataDir });
    try {
      admin = client(t.url, t.token('mic-admin'));
      expect(await answers()).toEqual(liveAnswers);
    } finally {
      await t.close();
    }
  });
});
