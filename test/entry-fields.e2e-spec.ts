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
});
