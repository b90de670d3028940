import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { client, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * An Idempotency-Key is recorded with a hash of `METHOD path\n<canonical body>`: the path as
 * sent (not decoded, without the query), the body after NFC normalisation, its keys sorted.
 * Keys recorded by an earlier version of the service must keep matching their repeats, so the
 * exact input is pinned here, read back from the store, for a few routes (also with a trailing
 * slash and a percent-encoded path), whatever the HTTP layer underneath.
 */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the request hash recorded with an Idempotency-Key', () => {
  let t: TestApp;
  const admin = () => client(t.url, t.token('mic-admin'));
  /** The store keeps each key under its caller (the token's sub). */
  const recorded = (key: string, sub = 'mic-admin:all') => {
    const db = new Database(join(t.dataDir, 'events.db'), { readonly: true });
    try {
      return db.prepare('SELECT request_hash FROM idempotency WHERE key = ?').get(`${sub}\u0000${key}`) as { request_hash: string } | undefined;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
  });
  afterAll(async () => {
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('covers the method, the path as sent and the canonical NFC body', async () => {
    // 'Bộ Xây dựng' sent decomposed (NFD): the hash sees the composed spelling.
    const ministry = await admin().post(
      '/v1/ministries',
      { name: 'Bộ Xây dựng'.normalize('NFD'), effectiveDate: '2024-01-01', code: 'BXD' },
      { 'idempotency-key': 'pin-ministry' },
    );
    expect(ministry.status).toBe(201);
    expect(recorded('pin-ministry')?.request_hash).toBe(sha256('POST /v1/ministries\n{"code":"BXD","effectiveDate":"2024-01-01","name":"Bộ Xây dựng"}'));

    const platform = await admin().post('/v1/platforms/', platformBody({ name: 'Nền tảng A' }), { 'idempotency-key': 'pin-platform' });
    expect(platform.status).toBe(201);
    expect(recorded('pin-platform')?.request_hash).toBe(
      sha256('POST /v1/platforms/\n{"deploymentStatus":"operational","effectiveDate":"2024-05-01","kind":"portal","name":"Nền tảng A","ownerMinistry":"BTC"}'),
    );

    const id = platform.body.id as string;
    const encoded = id.replace(/-/g, '%2D');
    const editor = client(t.url, t.token('ministry-editor', 'BTC'));
    const amended = await editor.patch(
      `/v1/platforms/${encoded}`,
      { url: 'https://a.gov.vn', effectiveDate: '2024-06-01' },
      { 'idempotency-key': 'pin-amend', 'if-match': `"${platform.body.revision}"` },
    );
    expect(amended.status).toBe(200);
    expect(recorded('pin-amend', 'ministry-editor:BTC')?.request_hash).toBe(
      sha256(`PATCH /v1/platforms/${encoded}\n{"effectiveDate":"2024-06-01","url":"https://a.gov.vn"}`),
    );
  });
});
