import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { ARTIFACTS, Browser, launchBrowser } from './support/browser';
import { client, LEGAL, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The viewer's pages of issue 16 in Chromium: the catalogue in pages of 100 with its filters in
 * the URL, the audit screen with a pasted token, the ministries and a ministry's timeline, an
 * edition with its chain head and print layout, and phone width (390 px) without sideways scrolling.
 */
/** The legal basis of the timeline entry's later changes (not LEGAL: the audit test counts LEGAL's events). */
const BTC_DECISION = { documentNumber: '88/QĐ-BTC', issuedOn: '2024-08-20', signer: 'Người ký' };

describe('viewer for auditors and at scale (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let auditorToken: string;
  let adminToken: string;
  /** A seed entry of Bộ Tài chính, amended and then corrected after the seed (timeline tests). */
  let portalId: string;
  /** When the seed's edition was recorded: after every seed event, before anything the tests add. */
  let seedRecordedAt: string;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    const admin = client(t.url, t.token('mic-admin', undefined, 'mic:nguyen'));
    // 60 more entries of Bộ Y tế: 104 in force on 3/7/2024, two pages of 100.
    for (let i = 0; i < 60; i++) {
      const r = await admin.post('/v1/platforms', {
        name: `Hệ thống y tế thử nghiệm số ${String(i).padStart(2, '0')}`,
        kind: 'information-system',
        ownerMinistry: 'BYT',
        deploymentStatus: i % 3 === 0 ? 'pilot' : 'operational',
        effectiveDate: '2024-07-03',
        legalBasis: LEGAL,
      });
      if (r.status !== 201) throw new Error(r.text);
    }
    seedRecordedAt = (await admin.get('/v1/editions/2765-BTTTT-CDSQG')).body.publishedAt;
    portalId = (await admin.get('/v1/catalogue?asOf=2024-07-03&ministry=BTC&limit=1')).body.platforms[0].id;
    // Recorded after the seed: an amendment effective 1/9/2024, then a correction reaching back to
    // 3/7/2024, so that recording order and effective-date order differ.
    const amended = await admin.patch(
      `/v1/platforms/${portalId}`,
      { operator: 'Cục Tin học và Thống kê tài chính', effectiveDate: '2024-09-01', legalBasis: BTC_DECISION, reason: 'Giao đơn vị vận hành' },
      { 'if-match': '"0"' },
    );
    if (amended.status !== 200) throw new Error(amended.text);
    const corrected = await admin.post(`/v1/platforms/${portalId}/corrections`, {
      description: 'Mô tả bổ sung theo hồ sơ gốc',
      effectiveFrom: '2024-07-03',
      reason: 'Bổ sung mô tả còn thiếu',
      legalBasis: BTC_DECISION,
    });
    if (corrected.status !== 201) throw new Error(corrected.text);
    auditorToken = t.token('auditor', undefined, 'kt:pham');
    adminToken = t.token('mic-admin', undefined, 'mic:tran');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  const ready = () => page.waitForSelector('#main .view[data-ready="true"]');
  const open = async (hash: string) => {
    await page.goto(`${t.url}/${hash}`);
    await ready();
  };
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  const rows = () => page.$$eval('#catalogue section.ministry tbody tr', (trs) => trs.length);

  it('the catalogue comes in pages of 100; the next page keeps the filters; total counts everything', async () => {
    const bytes: number[] = [];
    // Listens during this test only: a later test's navigation would leave a body unreadable.
    const measure = async (r: Response) => {
      if (r.url().includes('/v1/catalogue?')) bytes.push((await r.body()).length);
    };
    page.on('response', measure);
    await open('#/?asOf=2024-07-03');
    expect(await page.textContent('#total')).toBe('104');
    expect(await rows()).toBe(100);
    expect(await page.textContent('#page-range')).toContain('1–100 trong 104');
    // The page downloads a page, not the catalogue: well under what 104 entries weigh.
    expect(Math.max(...bytes)).toBeLessThan(120_000);
    page.off('response', measure);
    await page.click('#page-next');
    await page.waitForFunction(() => location.hash.includes('trang=2'));
    await ready();
    expect(await rows()).toBe(4);
    expect(await page.textContent('#total')).toBe('104');
    expect(page.url()).toContain('cursor=');
    await page.click('#page-first');
    await page.waitForFunction(() => !location.hash.includes('cursor='));
    await ready();
    expect(await rows()).toBe(100);
    await shot('viewer-catalogue-paged.png');
  });

  it('filters for deployment status, NDXP status and status live in the URL; the export follows them', async () => {
    await open('#/?asOf=2024-07-03');
    await page.selectOption('#deployment-filter', 'pilot');
    await page.waitForFunction(() => location.hash.includes('deploymentStatus=pilot'));
    await ready();
    const pilots = (await client(t.url).get('/v1/catalogue?asOf=2024-07-03&deploymentStatus=pilot')).body.total;
    expect(await page.textContent('#total')).toBe(String(pilots));
    await page.selectOption('#kind-filter', 'information-system');
    await page.waitForFunction(() => location.hash.includes('kind=information-system') && location.hash.includes('deploymentStatus=pilot'));
    await ready();
    expect(await page.getAttribute('#export-csv', 'href')).toContain('kind=information-system');
    // Reloading the URL gives the same page.
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await ready();
    expect(await page.inputValue('#deployment-filter')).toBe('pilot');
    expect(await page.inputValue('#kind-filter')).toBe('information-system');
    await page.selectOption('#status-filter', 'withdrawn');
    await page.waitForFunction(() => location.hash.includes('status=withdrawn'));
    await ready();
    expect(await page.textContent('#total')).toBe('0');
  });

  it('a comparison offers itself as CSV and JSON', async () => {
    await open('#/so-sanh?fromDate=2024-07-01&toDate=2024-07-03');
    const href = (await page.getAttribute('#diff-csv', 'href'))!;
    expect(href).toContain('format=csv');
    const csv = await (await fetch(`${t.url}${href}`)).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('change,id,name,ownerMinistry,field,before,after');
  });

  it('errors read in Vietnamese', async () => {
    await open('#/an-ban/khong-co-an-ban-nay');
    expect(await page.textContent('#main .error')).toContain('Chưa có ấn bản nào');
  });

  it('the audit screen asks for a token, then lists, filters and pages the trail', async () => {
    await open('#/kiem-tra');
    expect(await page.textContent('#audit-signin')).toContain('kiểm toán viên');
    expect(await page.isHidden('nav.tabs a[data-nav="audit"]')).toBe(true);
    await page.fill('#dev-token', auditorToken);
    await page.click('#dev-sign-in-button');
    await page.waitForSelector('#who');
    await page.waitForSelector('#audit-table');
    await ready();
    expect(await page.isVisible('nav.tabs a[data-nav="audit"]')).toBe(true);
    expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.length)).toBe(100);
    expect(await page.textContent('#audit-table tbody tr:first-child')).toContain('system:seed');
    await page.click('#page-next');
    await page.waitForFunction(() => location.hash.includes('trang=2'));
    await ready();
    const firstOnPage2 = Number(await page.getAttribute('#audit-table tbody tr:first-child', 'data-position'));
    expect(firstOnPage2).toBe(101);
    await page.fill('#audit-documentNumber', LEGAL.documentNumber);
    await page.click('#audit-apply');
    await page.waitForFunction(() => location.hash.includes('documentNumber='));
    await ready();
    expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.length)).toBe(60);
    expect(await page.textContent('#audit-table')).toContain('Test mic-admin');
    await shot('viewer-audit.png');
    // A row opens the entry as it stood when the event was recorded; the auditor sees the official.
    await page.click('#audit-table tbody tr:first-child a.audit-entry-link');
    await page.waitForSelector('#timeline');
    await ready();
    expect(page.url()).toMatch(/knownAt=2\d{3}-/);
    expect(await page.textContent('#timeline')).toContain('Test mic-admin');
  });

  it('the ministries page and a ministry with its timeline and counts', async () => {
    await open('#/bo-nganh?asOf=2024-07-03');
    expect(await page.$$eval('#ministry-list tbody tr', (trs) => trs.length)).toBe(16);
    // The seed records ministries under their official names, not the article's misprints.
    expect(await page.textContent('#ministry-list tr[data-ministry="BLDTBXH"] a')).toBe('Bộ Lao động - Thương binh và Xã hội');
    expect(await page.textContent('#ministry-list tr[data-ministry="BVHTTDL"] a')).toBe('Bộ Văn hóa, Thể thao và Du lịch');
    await page.click('#ministry-list tr[data-ministry="BYT"] a');
    await page.waitForSelector('#ministry-timeline');
    await ready();
    expect(await page.textContent('#ministry h1')).toContain('Bộ Y tế');
    expect(await page.textContent('#count-in-force')).toBe('60');
    expect(await page.$$eval('#ministry-timeline li', (lis) => lis.map((li) => li.getAttribute('data-event')))).toEqual(['registered']);
    await shot('viewer-ministry.png');
  });

  it('an edition shows its chain head, links entries at its own point, and prints as a clean A4 list', async () => {
    await open('#/an-ban/2765-BTTTT-CDSQG');
    expect(await page.textContent('#head-hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.textContent('#edition-head')).toContain('Người ký');
    const href = await page.getAttribute('#edition a.entry-link', 'href');
    expect(href).toContain('asOf=2024-07-03');
    expect(href).toContain('knownAt=');
    expect(await page.getAttribute('#edition-csv', 'href')).toContain('format=csv');
    await page.emulateMedia({ media: 'print' });
    expect(await page.isHidden('header.site')).toBe(true);
    expect(await page.isHidden('#edition .chart-box')).toBe(true);
    expect(await page.isVisible('#edition-head')).toBe(true);
    expect(await page.textContent('#edition-head')).toContain('2765/BTTTT-CĐSQG');
    await shot('viewer-edition-print.png');
    await page.emulateMedia({ media: 'screen' });
  });

  it('"as known at" an instant: the heading gives the time, not "đến hết ngày"; changing the date keeps the instant', async () => {
    await open(`#/muc/${portalId}?asOf=2024-07-03&knownAt=${encodeURIComponent(seedRecordedAt)}`);
    const sentence = (await page.textContent('#entry p.muted'))!;
    expect(sentence).not.toContain('hết ngày');
    const vn = new Date(Date.parse(seedRecordedAt) + 7 * 3600 * 1000).toISOString();
    expect(sentence).toContain(`ghi nhận đến ${vn.slice(11, 16)} ${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`);
    // The date box shows the instant's day; changing the other date keeps the instant in the URL.
    expect(await page.inputValue('#knownAt')).toBe(vn.slice(0, 10));
    await page.fill('#asOf', '2024-12-31');
    await page.waitForFunction(() => location.hash.includes('asOf=2024-12-31'));
    await ready();
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`knownAt=${seedRecordedAt}`);
    expect(await page.textContent('#entry p.muted')).not.toContain('hết ngày');
  });

  it('"as known at": changes recorded after the point are greyed and marked; the order (recording or effective date) lives in the URL', async () => {
    const items = () =>
      page.$$eval('#timeline .timeline-item', (lis) =>
        lis.map((li) => ({ type: li.getAttribute('data-type'), later: li.getAttribute('data-later') === 'true', mark: !!li.querySelector('.later-mark') })),
      );
    await open(`#/muc/${portalId}?asOf=2024-12-31`);
    // Known now: nothing is later; newest recorded first.
    expect(await items()).toEqual([
      { type: 'platform.corrected', later: false, mark: false },
      { type: 'platform.amended', later: false, mark: false },
      { type: 'platform.registered', later: false, mark: false },
    ]);
    expect(await page.$('#later-notice')).toBeNull();
    await open(`#/muc/${portalId}?asOf=2024-12-31&knownAt=${encodeURIComponent(seedRecordedAt)}`);
    expect(await items()).toEqual([
      { type: 'platform.corrected', later: true, mark: true },
      { type: 'platform.amended', later: true, mark: true },
      { type: 'platform.registered', later: false, mark: false },
    ]);
    expect(await page.textContent('#later-notice')).toContain('2 thay đổi được ghi nhận sau thời điểm đã chọn');
    // Greyed: the later items are drawn differently from the known one.
    const bg = (sel: string) => page.$eval(sel, (el) => getComputedStyle(el).backgroundColor);
    expect(await bg('#timeline .timeline-item[data-later="true"]')).not.toBe(await bg('#timeline .timeline-item:not([data-later])'));
    // By effective date: the amendment (1/9/2024) before the correction reaching back to 3/7/2024.
    await page.click('#timeline-order a[data-order="hieu-luc"]');
    await page.waitForFunction(() => location.hash.includes('thu-tu=hieu-luc'));
    await ready();
    expect((await items()).map((i) => i.type)).toEqual(['platform.amended', 'platform.corrected', 'platform.registered']);
    expect(await page.getAttribute('#timeline-order a[data-order="hieu-luc"]', 'aria-current')).toBe('true');
    expect(page.url()).toContain('knownAt=');
    await shot('viewer-entry-known-at-by-effective-date.png');
    // The URL alone gives the same view; and the other order is one click back.
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await ready();
    expect((await items()).map((i) => i.type)).toEqual(['platform.amended', 'platform.corrected', 'platform.registered']);
    await page.click('#timeline-order a[data-order="ghi-nhan"]');
    await page.waitForFunction(() => !location.hash.includes('thu-tu='));
    await ready();
    expect((await items()).map((i) => i.type)).toEqual(['platform.corrected', 'platform.amended', 'platform.registered']);
  });

  it('a date comparison "as known at" keeps it in the heading, counts what was known, and explains an empty answer', async () => {
    const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
    const expected = (await client(t.url).get(`/v1/catalogue/diff?from=2024-07-01&to=2024-07-03&knownAt=${today}`)).body;
    expect(expected.added.length).toBe(104);
    await open(`#/so-sanh?fromDate=2024-07-01&toDate=2024-07-03&knownAt=${today}`);
    expect(await page.textContent('#diff h1')).toContain(`ghi nhận đến hết ngày ${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`);
    expect(await page.textContent('#diff-added .count')).toBe('104');
    expect(await page.$('#nothing-recorded')).toBeNull();
    // Before the seed ran nothing was known: zeros, and the page says why.
    await open('#/so-sanh?fromDate=2024-07-01&toDate=2024-07-03&knownAt=2024-07-14');
    expect(await page.textContent('#diff h1')).toContain('ghi nhận đến hết ngày 14/07/2024');
    expect(await page.textContent('#diff-added .count')).toBe('0');
    expect(await page.textContent('#nothing-recorded')).toContain('chưa ghi nhận gì');
    await page.click('#clear-known-at');
    await page.waitForFunction(() => !location.hash.includes('knownAt'));
    await ready();
    expect(page.url()).toContain('fromDate=2024-07-01');
    expect(await page.textContent('#diff-added .count')).toBe('104');
  });

  it('the catalogue "as known at" before anything was recorded says why it is empty', async () => {
    await open('#/?asOf=2024-07-03&knownAt=2024-07-14');
    expect(await page.textContent('#total')).toBe('0');
    expect(await page.textContent('#nothing-recorded')).toContain('15/07/2024');
    await shot('viewer-catalogue-known-before-the-seed.png');
    await page.click('#clear-known-at');
    await page.waitForFunction(() => !location.hash.includes('knownAt'));
    await ready();
    expect(await page.textContent('#total')).toBe('104');
    expect(await page.$('#nothing-recorded')).toBeNull();
  });

  it('"ministries with no entry" follows the type filter', async () => {
    const withoutNames = async () => ((await page.textContent('section.without p')) ?? '').split('; ').filter(Boolean).sort();
    for (const kind of ['information-system', 'platform']) {
      const api = (await client(t.url).get(`/v1/catalogue?asOf=2024-07-03&kind=${kind}&limit=1`)).body as {
        byMinistry: Array<{ name: string; count: number }>;
      };
      const zero = api.byMinistry.filter((m) => m.count === 0).map((m) => m.name);
      await open(`#/?asOf=2024-07-03&kind=${kind}`);
      expect(await withoutNames()).toEqual([...zero].sort());
      expect(await page.textContent('section.without h2')).toContain('thuộc loại này');
      expect(await page.textContent('#summary')).toContain(`${zero.length} Bộ, ngành chưa có mục nào thuộc loại này`);
    }
    // Bộ Y tế's 60 test entries are information systems: not "without" for that type, but for platforms.
    await open('#/?asOf=2024-07-03&kind=information-system');
    expect(await withoutNames()).not.toContain('Bộ Y tế');
    await open('#/?asOf=2024-07-03&kind=platform');
    expect(await withoutNames()).toContain('Bộ Y tế');
  });

  it('loading is announced: a polite live region says so while the page waits, then names what loaded', async () => {
    await open('#/an-ban');
    expect(await page.getAttribute('#live-status', 'aria-live')).toBe('polite');
    expect(await page.getAttribute('#live-status', 'role')).toBe('status');
    // Hold the ministries answer, so that the page is caught while it waits.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/v1/ministries?*', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.click('nav.tabs a[data-nav="ministries"]');
      await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'Đang tải…');
      expect(await page.getAttribute('#main', 'aria-busy')).toBe('true');
      release();
      await ready();
      expect(await page.textContent('#live-status')).toBe(`Đã tải: ${await page.textContent('#main h1')}`);
      expect(await page.getAttribute('#main', 'aria-busy')).toBe('false');
    } finally {
      release();
      await page.unroute('**/v1/ministries?*');
    }
  });

  it('editions: the issue date and the recording time are both shown and labelled as what they are', async () => {
    await open('#/an-ban');
    const headers = await page.$$eval('#edition-list thead th', (ths) => ths.map((th) => th.textContent));
    expect(headers).toEqual(['Số hiệu', 'Tiêu đề', 'Ngày ban hành', 'Cập nhật đến', 'Người ký', 'Ghi nhận vào hệ thống lúc']);
    const row = '#edition-list tr[data-id="2765-BTTTT-CDSQG"]';
    expect(await page.textContent(`${row} td[data-label="Ngày ban hành"]`)).toBe('15/07/2024');
    expect(await page.textContent(`${row} td[data-label="Cập nhật đến"]`)).toBe('03/07/2024');
    const vn = new Date(Date.parse(seedRecordedAt) + 7 * 3600 * 1000).toISOString();
    expect(await page.textContent(`${row} td[data-label="Ghi nhận vào hệ thống lúc"]`)).toBe(
      `${vn.slice(11, 16)} ${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`,
    );
    await open('#/an-ban/2765-BTTTT-CDSQG');
    const facts = await page.$$eval('#edition-head dl.facts dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
    );
    expect(facts['Ngày ban hành']).toBe('15/07/2024');
    expect(facts['Ghi nhận vào hệ thống lúc']).toContain('thời điểm hệ thống ghi nhận, không phải ngày ban hành');
    expect(facts['Ghi nhận vào hệ thống lúc']).toContain(`${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`);
  });

  describe('at 390 px (a phone)', () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 390, height: 844 });
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('the editions list keeps its cut-off date, labelled, as a card', async () => {
      await open('#/an-ban');
      const cell = '#edition-list tr[data-id="2765-BTTTT-CDSQG"] td[data-label="Cập nhật đến"]';
      expect(await page.isVisible(cell)).toBe(true);
      expect(await page.textContent(cell)).toBe('03/07/2024');
      // The label is drawn before the value (the table's header row is hidden on a phone).
      expect(await page.$eval(cell, (td) => getComputedStyle(td, '::before').content)).toBe('"Cập nhật đến: "');
      expect(await page.isVisible('#edition-list tr[data-id="2765-BTTTT-CDSQG"] td[data-label="Ngày ban hành"]')).toBe(true);
    });

    it('the chart stays readable: labels at a legible size, inside the chart', async () => {
      await open('#/?asOf=2024-07-03');
      const sizes = await page.$$eval('svg.chart .chart-label', (els) => {
        const svg = (els[0] as SVGGraphicsElement).ownerSVGElement!.getBoundingClientRect();
        return els.map((el) => {
          const r = el.getBoundingClientRect();
          return { height: r.height, inside: r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5 };
        });
      });
      expect(sizes).toHaveLength(16);
      // A label's box is about 1.2 × its font size: 13 px and more reads on a phone (the wide
      // layout scaled down to this width drew them at about 6 px).
      for (const s of sizes) expect(s).toEqual({ height: expect.any(Number), inside: true });
      expect(Math.min(...sizes.map((s) => s.height))).toBeGreaterThanOrEqual(13);
      // The bars are still there, one per ministry, and the largest is Bộ Tài chính's.
      expect(await page.$$eval('svg.chart g.chart-row', (gs) => gs.length)).toBe(16);
    });
  });

  /**
   * Every screen at desktop width and at 390 px: no sideways scrolling, no serious or critical
   * axe-core violation, and a screenshot named viewer-screen-<screen>-<desktop|390>.png.
   */
  describe.each([
    ['desktop', 1280, 900],
    ['390', 390, 844],
  ])('every screen at %s', (width, w, hgt) => {
    const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    beforeAll(async () => {
      await page.setViewportSize({ width: w, height: hgt });
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    const signIn = async (token: string) => {
      await page.fill('#dev-token', token);
      await page.click('#dev-sign-in-button');
      await page.waitForSelector('#who');
    };
    // Every row has its three cells: jest hands a shorter row's missing argument a `done` callback.
    const screens: Array<[string, () => string, 'auditor' | 'mic-admin' | null]> = [
      ['catalogue', () => '#/?asOf=2024-07-03', null],
      ['search', () => '#/tim-kiem?q=he%20thong&asOf=2024-07-03', null],
      ['entry', () => `#/muc/${portalId}?asOf=2024-12-31`, null],
      ['entry-known-at', () => `#/muc/${portalId}?asOf=2024-12-31&knownAt=${encodeURIComponent(seedRecordedAt)}`, null],
      ['editions', () => '#/an-ban', null],
      ['edition', () => '#/an-ban/2765-BTTTT-CDSQG', null],
      ['diff', () => '#/so-sanh?fromDate=2024-07-01&toDate=2024-07-03', null],
      ['ministries', () => '#/bo-nganh?asOf=2024-07-03', null],
      ['ministry', () => '#/bo-nganh/BTC?asOf=2024-07-03', null],
      ['duplicates', () => '#/trung-lap', null],
      ['audit-signed-out', () => '#/kiem-tra', null],
      ['audit', () => '#/kiem-tra', 'auditor'],
      ['edit', () => '#/cap-nhat', 'mic-admin'],
      ['not-found', () => '#/khong-co-trang-nay', null],
    ];

    it.each(screens)('%s', async (name, hash, role) => {
      // A fresh document each time: no token left in memory from the screen before.
      await page.goto('about:blank');
      await open(hash());
      if (role) {
        await signIn(role === 'auditor' ? auditorToken : adminToken);
        await ready();
        await page.waitForSelector(role === 'auditor' ? '#audit-table' : '#catalogue-commands');
      }
      await page.screenshot({ path: join(ARTIFACTS, `viewer-screen-${name}-${width}.png`), fullPage: true });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ name, scrollWidth }).toEqual({ name, scrollWidth: w });
      // Evaluated through the DevTools protocol: the page's CSP (scripts from 'self' only) stays as it is.
      await page.evaluate(AXE);
      const { passes, violations } = await page.evaluate(async () => {
        type Result = { id: string; impact: string; nodes: Array<{ target: string[] }> };
        const r = await (window as unknown as { axe: { run: (o: object) => Promise<{ passes: Result[]; violations: Result[] }> } }).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return {
          passes: r.passes.length,
          violations: r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
        };
      });
      expect(passes).toBeGreaterThan(5); // axe did run its rules on this screen
      expect({ name, violations }).toEqual({ name, violations: [] });
    });
  });

  it('no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
