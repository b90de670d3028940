import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, removeDir, startTestApp, TestApp } from './support/test-app';

// The article the seed was taken from, kept in the repo next to the seed data (see apps/api/src/seed/ARTICLE-SOURCE.md).
const ARTICLE = readFileSync(join(__dirname, '../apps/api/src/seed/2765-BTTTT-CDSQG-article-2024-07.txt'), 'utf8').toLowerCase();

describe('seed: the catalogue of dispatch 2765/BTTTT-CĐSQG', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  it('loads the named platforms under their ministries, with names exactly as the article prints them', async () => {
    const r = await client(t.url).get('/v1/catalogue?asOf=2024-07-03');
    expect(r.body.total).toBe(44);
    const counts = Object.fromEntries(
      r.body.byMinistry.filter((m: { count: number }) => m.count > 0).map((m: { code: string; count: number }) => [m.code, m.count]),
    );
    expect(counts).toEqual({ BTC: 17, BCA: 8, BXD: 6, BGTVT: 6, BKHDT: 7 });
    for (const p of r.body.platforms) expect(ARTICLE).toContain(p.name.toLowerCase());
    const border = r.body.platforms.find((p: { name: string }) => p.name === 'Nền tảng cửa khẩu số');
    expect(border).toMatchObject({ ownerMinistry: 'BTC', coMinistries: ['BQP'], deploymentStatus: 'pilot' });
  });

  it('records every entry through the command path with the dispatch as legal basis', async () => {
    const auditor = client(t.url, t.token('auditor'));
    const events = (await auditor.get('/v1/audit?limit=1000')).body.events;
    expect(events).toHaveLength(16 + 44 + 1);
    for (const e of events) expect(e).toMatchObject({ actor: { sub: 'system:seed' }, legalBasis: { documentNumber: '2765/BTTTT-CĐSQG' } });
  });

  it('publishes edition 2765 (issued 2024-07-15, cut-off 2024-07-03) over the seeded entries', async () => {
    const e = await client(t.url).get('/v1/editions/2765-BTTTT-CDSQG');
    expect(e.body).toMatchObject({ documentNumber: '2765/BTTTT-CĐSQG', issuedOn: '2024-07-15', cutoffDate: '2024-07-03', signer: 'Phạm Đức Long', total: 44 });
  });

  it('does not seed twice', async () => {
    const before = t.logLength();
    t = await t.restart();
    expect(t.logLength()).toBe(before);
  });
});
