import { client, platformBody, registerMinistries, removeDir, startTestApp, TestApp } from './support/test-app';
import { ENTRY_FIELDS, fieldDef, PLATFORM_FIELDS } from '@ndp/catalogue';

/**
 * One definition per field: what GET /v1/fields describes is what the API validates, presents
 * and exports, field by field, in the model's order.
 */
describe('the entry field model, as served and as applied', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = client(t.url, t.token('mic-admin'));
    await registerMinistries(t, [{ code: 'BTC', name: 'Bộ Tài chính' }]);
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  it('serves every field with its type, Vietnamese and English labels, limits and CSV columns', async () => {
    const { fields } = (await client(t.url).get('/v1/fields')).body;
    expect(fields.map((f: { name: string }) => f.name)).toEqual([...ENTRY_FIELDS]);
    const name = fields.find((f: { name: string }) => f.name === 'name');
    expect(name).toMatchObject({ type: 'text', required: true, editable: true, max: PLATFORM_FIELDS.name.max, label: { vi: 'Tên', en: 'Name' } });
    const kind = fields.find((f: { name: string }) => f.name === 'kind');
    expect(kind.values).toContainEqual({ value: 'database', label: { vi: 'Cơ sở dữ liệu', en: 'Database' } });
    expect(fields.find((f: { name: string }) => f.name === 'ownerMinistry')).toMatchObject({ editable: false, csv: ['ownerMinistry', 'ownerMinistryName'] });
  });

  it('validates, presents and exports exactly the fields of the model', async () => {
    const tooLong = await admin.post('/v1/platforms', platformBody({ name: 'x'.repeat(PLATFORM_FIELDS.name.max + 1) }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('name');
    const created = await admin.post('/v1/platforms', platformBody({ operator: '  Cục Tin học  ' }));
    expect(created.status).toBe(201);
    const view = (await admin.get(`/v1/platforms/${created.body.id}`)).body;
    for (const f of ENTRY_FIELDS) expect(Object.keys(view)).toContain(f);
    expect(view.operator).toBe('Cục Tin học');
    const csv = (await admin.get('/v1/catalogue/export?format=csv')).text.replace(/^\uFEFF/, '');
    const header = csv.split('\r\n')[0].split(',');
    expect(header).toEqual([...ENTRY_FIELDS.flatMap((f) => fieldDef(f).csv ?? [f]), 'status', 'registeredOn', 'validFrom', 'id']);
  });

  it('carries a field added by one row of the model (level) through validation, reads, changes, history, export and import', async () => {
    expect((await admin.post('/v1/platforms', platformBody({ name: 'Cổng dịch vụ công cấp tỉnh', level: 'district' }))).status).toBe(400);
    const r = await admin.post('/v1/platforms', platformBody({ name: 'Cổng dịch vụ công cấp tỉnh', level: 'provincial' }));
    expect(r.status).toBe(201);
    expect((await admin.get(`/v1/platforms/${r.body.id}`)).body.level).toBe('provincial');
    const amended = await admin.patch(
      `/v1/platforms/${r.body.id}`,
      { level: 'commune', effectiveDate: '2024-09-01', legalBasis: { documentNumber: '1/QĐ', issuedOn: '2024-08-01' } },
      { 'if-match': '"0"' },
    );
    expect(amended.status).toBe(200);
    const history = (await admin.get(`/v1/platforms/${r.body.id}/history`)).body.versions;
    expect(JSON.stringify(history.at(-1))).toContain('commune');
    // An entry registered without it (or before it existed) reads as the field's default.
    const plain = await admin.post('/v1/platforms', platformBody({ name: 'Hệ thống không ghi cấp' }));
    expect((await admin.get(`/v1/platforms/${plain.body.id}`)).body.level).toBeNull();
    const csv = (await admin.get('/v1/catalogue/export?format=csv')).text;
    expect(csv.split('\r\n')[0]).toContain(',level,');
    // A file may say it in Vietnamese, as the labels do.
    const file = 'name,kind,ownerMinistry,deploymentStatus,level\r\nỨng dụng cấp xã,application,BTC,operational,Cấp xã\r\n';
    const imported = await admin.post('/v1/catalogue/import', { format: 'csv', fileName: 'cap-xa.csv', content: file, effectiveDate: '2024-10-01' });
    expect(imported.status).toBe(200);
    const found = (await admin.get('/v1/catalogue?asOf=2024-10-01')).body.platforms.find((p: { name: string }) => p.name === 'Ứng dụng cấp xã');
    expect(found.level).toBe('commune');
  });
});
