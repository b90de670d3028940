import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, Browser, launchBrowser } from './support/browser';
import { client, LEGAL, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The web viewer in a real Chromium, against the real service on a seeded data directory:
 * what MIC staff and localities see. Screenshots are kept in test-artifacts/.
 */
describe('web viewer in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let einvoiceId: string;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    // A second edition over some changes, so that there is something to compare.
    const admin = client(t.url, t.token('mic-admin', undefined, 'mic:nguyen'));
    const cat = (await admin.get('/v1/catalogue?asOf=2024-07-03')).body.platforms as Array<{ id: string; name: string }>;
    einvoiceId = cat.find((p) => p.name === 'Ứng dụng quản lý hóa đơn điện tử')!.id;
    const hoiNghi = cat.find((p) => p.name === 'Hệ thống hội nghị truyền hình')!.id;
    const ok = (r: { status: number; text: string }) => expect([200, 201]).toContain(r.status);
    ok(
      await admin.patch(
        `/v1/platforms/${einvoiceId}`,
        {
          ndxpStatus: 'connected',
          operator: 'Tổng cục Thuế',
          effectiveDate: '2024-09-01',
          legalBasis: { documentNumber: '123/QĐ-TCT', issuedOn: '2024-08-20', signer: 'Mai Xuân Thành' },
          reason: 'Đã kết nối NDXP',
        },
        { 'if-match': '"0"' },
      ),
    );
    ok(
      await admin.post(
        `/v1/platforms/${hoiNghi}/withdraw`,
        { effectiveDate: '2024-10-01', reason: 'Chuyển sang nền tảng dùng chung', legalBasis: LEGAL },
        { 'if-match': '"0"' },
      ),
    );
    ok(
      await admin.post('/v1/platforms', {
        name: 'Nền tảng hóa đơn điện tử dùng chung',
        kind: 'platform',
        ownerMinistry: 'BTC',
        deploymentStatus: 'pilot',
        effectiveDate: '2024-11-01',
      }),
    );
    ok(
      await admin.post('/v1/editions', {
        documentNumber: '456/QĐ-BTTTT',
        title: 'Danh mục cập nhật',
        issuedOn: '2024-12-05',
        signer: 'Phạm Đức Long',
        cutoffDate: '2024-11-30',
      }),
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  const ready = () => page.waitForSelector('#main .view[data-ready="true"]');
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  it('loads the page, in Vietnamese, with no script errors', async () => {
    const res = await page.goto(`${t.url}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await ready();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.title()).toBe('Danh mục nền tảng số quốc gia');
    expect(pageErrors).toEqual([]);
  });

  it('picks 3/7/2024 and shows the catalogue of dispatch 2765 with counts per ministry and a chart', async () => {
    await page.fill('#asOf', '2024-07-03');
    await page.waitForFunction(() => location.hash.includes('asOf=2024-07-03') && document.querySelector('#summary h1')?.textContent?.includes('03/07/2024'));
    await ready();
    expect(await page.textContent('#total')).toBe('44');
    const counts = await page.$$eval('section.ministry', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-ministry'), e.querySelector('.count')?.textContent])),
    );
    expect(counts).toEqual({ BCA: '8', BGTVT: '6', BKHDT: '7', BTC: '17', BXD: '6' });
    expect(await page.textContent('section.ministry[data-ministry="BTC"] h2')).toContain('Bộ Tài chính');
    expect(await page.$$eval('section.ministry[data-ministry="BTC"] tbody tr', (rows) => rows.length)).toBe(17);
    // The chart: one bar per ministry in force, the article's five with entries and the rest at zero.
    const bars = await page.$$eval('svg.chart g.chart-row', (gs) =>
      gs.map((g) => [g.getAttribute('data-ministry'), g.querySelector('.chart-value')?.textContent]),
    );
    expect(bars).toHaveLength(16);
    expect(bars[0]).toEqual(['BTC', '17']);
    expect(Object.fromEntries(bars)).toMatchObject({ BCA: '8', BKHDT: '7', BXD: '6', BGTVT: '6', BYT: '0' });
    expect(await page.textContent('section.without')).toContain('Bộ Y tế');
    await shot('viewer-catalogue-2024-07-03.png');
  });

  it('a later date shows the later catalogue; "as known at" shows it as recorded then', async () => {
    await page.fill('#asOf', '2024-12-31');
    await page.waitForFunction(() => document.querySelector('#summary h1')?.textContent?.includes('31/12/2024'));
    await ready();
    expect(await page.textContent('#total')).toBe('44'); // one withdrawn, one added
    expect(await page.textContent('section.ministry[data-ministry="BGTVT"] .count')).toBe('5');
    await page.fill('#knownAt', '2024-07-14');
    await page.waitForFunction(() => document.querySelector('#summary h1')?.textContent?.includes('ghi nhận đến hết ngày'));
    await ready();
    // Known before anything was recorded (the seed ran today): nothing.
    expect(await page.textContent('#total')).toBe('0');
    await page.fill('#knownAt', '');
    await page.waitForFunction(() => !location.hash.includes('knownAt'));
    await page.fill('#asOf', '2024-07-03');
    await page.waitForFunction(() => document.querySelector('#summary h1')?.textContent?.includes('03/07/2024'));
  });

  const resultNames = () => page.$$eval('#search-results li .entry-link', (as) => as.map((a) => a.textContent));

  it('searches "hoa don dien tu" and finds the e-invoice applications, as with accents', async () => {
    await page.fill('#search-input', 'hoa don dien tu');
    await page.click('#search-button');
    await page.waitForSelector('#search-results');
    await ready();
    const plain = await resultNames();
    expect(plain[0]).toBe('Ứng dụng quản lý hóa đơn điện tử');
    expect(plain).toEqual(expect.arrayContaining(['Ứng dụng quản lý hóa đơn, ấn chỉ thuế', 'Ứng dụng website tra cứu hóa đơn']));
    expect(await page.$$eval('#search-results li:first-child mark', (ms) => ms.map((m) => m.textContent))).toEqual(['hóa', 'đơn', 'điện', 'tử']);
    await shot('viewer-search-hoa-don-dien-tu.png');
    await page.fill('#search-input', 'hóa đơn điện tử');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() => document.querySelector('#search h1')?.textContent?.includes('hóa đơn điện tử'));
    await ready();
    expect(await resultNames()).toEqual(plain);
  });

  it('opens an entry: its facts and its history as a timeline with who, when and legal basis', async () => {
    await page.fill('#asOf', '2024-12-31');
    await page.waitForFunction(() => location.hash.includes('asOf=2024-12-31'));
    await ready();
    await page.click(`#search-results .entry-link[data-id="${einvoiceId}"]`);
    await page.waitForSelector('#timeline');
    await ready();
    expect(await page.textContent('#entry h1')).toBe('Ứng dụng quản lý hóa đơn điện tử');
    expect(await page.textContent('dl.facts')).toContain('Tổng cục Thuế');
    const items = await page.$$eval('#timeline .timeline-item', (lis) => lis.map((li) => ({ type: li.getAttribute('data-type'), text: li.textContent ?? '' })));
    expect(items.map((i) => i.type)).toEqual(['platform.amended', 'platform.registered']);
    expect(items[0].text).toContain('01/09/2024');
    expect(items[0].text).toContain('123/QĐ-TCT ngày 20/08/2024');
    expect(items[0].text).toContain('Mai Xuân Thành');
    expect(items[0].text).toContain('Đã kết nối NDXP');
    expect(items[0].text).toMatch(/Kết nối NDXP\s*Chưa kết nối\s*→\s*Đã kết nối/);
    expect(items[1].text).toContain('03/07/2024');
    expect(items[1].text).toContain('2765/BTTTT-CĐSQG ngày 15/07/2024');
    expect(items[1].text).toContain('Phạm Đức Long');
    expect(items[1].text).toContain('Dữ liệu khởi tạo');
    await shot('viewer-history.png');
  });

  it('compares edition 2765 with the next edition: added, changed field by field, withdrawn', async () => {
    await page.click('nav.tabs a[data-nav="editions"]');
    await page.waitForSelector('#edition-list');
    await ready();
    expect(await page.$$eval('#edition-list tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['2765-BTTTT-CDSQG', '456-QD-BTTTT']);
    await page.selectOption('#edition-from', '2765-BTTTT-CDSQG');
    await page.selectOption('#edition-to', '456-QD-BTTTT');
    await page.click('#compare-button');
    await page.waitForSelector('#diff');
    await ready();
    expect(await page.textContent('#diff h1')).toContain('2765/BTTTT-CĐSQG');
    expect(await page.textContent('#diff-added')).toContain('Nền tảng hóa đơn điện tử dùng chung');
    expect(await page.textContent('#diff-added .count')).toBe('1');
    const changed = await page.textContent('#diff-changed');
    expect(changed).toContain('Ứng dụng quản lý hóa đơn điện tử');
    expect(changed).toMatch(/Đơn vị vận hành\s*—\s*→\s*Tổng cục Thuế/);
    expect(await page.textContent('#diff-withdrawn')).toContain('Hệ thống hội nghị truyền hình');
    expect(await page.textContent('#diff-transferred .count')).toBe('0');
    await shot('viewer-diff-editions.png');
  });

  it('checks a planned system for duplicates before it is built', async () => {
    await page.click('nav.tabs a[data-nav="duplicates"]');
    await page.waitForSelector('#dup-form');
    await page.fill('#dup-name', 'Phần mềm quản lý hóa đơn điện tử của tỉnh');
    await page.fill('#dup-description', 'Tra cứu hóa đơn điện tử cho doanh nghiệp');
    await page.click('#dup-button');
    await page.waitForSelector('#dup-results li');
    const first = await page.textContent('#dup-results li:first-child');
    expect(first).toContain('Ứng dụng quản lý hóa đơn điện tử');
    expect(first).toContain('Rất giống');
    expect(await page.textContent('#dup-results')).toContain('tránh triển khai chồng lấn, trùng lặp');
    await shot('viewer-duplicates.png');
    expect(pageErrors).toEqual([]);
  });

  const checkDuplicates = async (asOf: string, name: string) => {
    await page.goto(`${t.url}/#/trung-lap?asOf=${asOf}`);
    await page.waitForSelector('#dup-form');
    await page.fill('#dup-name', name);
    await page.click('#dup-button');
    await page.waitForSelector('#dup-results li');
  };

  it('shows who runs a similar entry and whom to ask, a withdrawn one marked with its date, and no stray "null"', async () => {
    await checkDuplicates('2024-12-01', 'Phần mềm quản lý hóa đơn điện tử của tỉnh');
    const first = await page.textContent('#dup-results li:first-child');
    expect(first).toContain('Ứng dụng quản lý hóa đơn điện tử');
    expect(first).toContain('Vận hành: Tổng cục Thuế');
    await checkDuplicates('2024-12-01', 'Hệ thống hội nghị truyền hình trực tuyến');
    const withdrawn = page.locator('#dup-results li.withdrawn');
    expect(await withdrawn.count()).toBe(1);
    expect(await withdrawn.textContent()).toContain('Hệ thống hội nghị truyền hình');
    expect(await withdrawn.locator('.badge.withdrawn').textContent()).toBe('Đã rút từ 01/10/2024');
    // Nothing in force is very similar: no advice to reuse a withdrawn system.
    expect(await page.textContent('#dup-results')).not.toContain('tránh triển khai chồng lấn');
    expect(await page.textContent('#dup-results')).not.toContain('null');
    await shot('viewer-duplicates-withdrawn.png');
    expect(pageErrors).toEqual([]);
  });

  it('warns a ministry planning "Nền tảng tư vấn khám, chữa bệnh từ xa" of its "Nền tảng khám, chữa bệnh từ xa", with operator and contact', async () => {
    const admin = client(t.url, t.token('mic-admin', undefined, 'mic:nguyen'));
    const register = (body: Record<string, unknown>) =>
      admin.post('/v1/platforms', { kind: 'platform', ownerMinistry: 'BYT', deploymentStatus: 'operational', effectiveDate: '2024-11-15', ...body });
    for (const name of ['Hệ thống thông tin quản lý khám, chữa bệnh', 'Hệ thống giám định bảo hiểm y tế', 'Nền tảng hồ sơ sức khỏe điện tử'])
      expect((await register({ name })).status).toBe(201);
    const telehealth = await register({
      name: 'Nền tảng khám, chữa bệnh từ xa',
      description: 'Kết nối bệnh viện tuyến trên với tuyến dưới để hội chẩn và điều trị cho người bệnh ở xa',
      operator: 'Cục Quản lý Khám, chữa bệnh',
      contact: { name: 'Phòng Công nghệ thông tin', email: 'cntt@kcb.gov.vn', phone: '024 6273 2273' },
    });
    expect(telehealth.status).toBe(201);
    await checkDuplicates('2024-12-01', 'Nền tảng tư vấn khám, chữa bệnh từ xa');
    await page.fill('#dup-description', 'Người dân đặt lịch, được bác sĩ tư vấn qua video và nhận đơn thuốc');
    await page.click('#dup-button');
    await page.waitForFunction(() => document.querySelector('#dup-results li .result-contact') !== null);
    const first = page.locator('#dup-results li').first();
    expect(await first.getAttribute('data-id')).toBe(telehealth.body.id);
    expect(await first.textContent()).toContain('Rất giống');
    expect(await first.locator('.result-contact').textContent()).toBe(
      'Vận hành: Cục Quản lý Khám, chữa bệnh · Liên hệ: Phòng Công nghệ thông tin, cntt@kcb.gov.vn, 024 6273 2273',
    );
    expect(await first.locator('.result-contact a').getAttribute('href')).toBe('mailto:cntt@kcb.gov.vn');
    expect(await page.textContent('#dup-results')).toContain('tránh triển khai chồng lấn, trùng lặp');
    expect(await page.textContent('#dup-results')).not.toContain('null');
    await shot('viewer-duplicates-telehealth.png');
    expect(pageErrors).toEqual([]);
  });

  it('searches "ấn chỉ" with its diacritics: the entry with those words, not those with "an" or "chi"', async () => {
    await page.goto(`${t.url}/#/tim-kiem?asOf=2024-07-03&q=${encodeURIComponent('ấn chỉ')}`);
    await page.waitForSelector('#search-results');
    await ready();
    expect(await page.textContent('#search-total')).toBe('1');
    expect(await resultNames()).toEqual(['Ứng dụng quản lý hóa đơn, ấn chỉ thuế']);
    expect(await page.$$eval('#search-results li:first-child mark', (ms) => ms.map((m) => m.textContent))).toEqual(['ấn', 'chỉ']);
    await page.goto(`${t.url}/#/tim-kiem?asOf=2024-12-01&q=${encodeURIComponent('hoa don dien tu')}`);
    await page.waitForFunction(() => document.querySelector('#search h1')?.textContent?.includes('01/12/2024'));
    await ready();
    expect(await page.textContent(`#search-results li[data-id="${einvoiceId}"] .result-contact`)).toBe('Vận hành: Tổng cục Thuế');
    expect(pageErrors).toEqual([]);
  });
});
