import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, Browser, launchBrowser } from './support/browser';
import { client, LEGAL, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * The viewer's pages of issue 16 in Chromium: the catalogue in pages of 100 with its filters in
 * the URL, the audit screen with a pasted token, the ministries and a ministry's timeline, an
 * edition with its chain head and print layout, and phone width (390 px) without sideways scrolling.
 */
describe('viewer for auditors and at scale (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let auditorToken: string;

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
    auditorToken = t.token('auditor', undefined, 'kt:pham');
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
    page.on('response', async (r) => {
      if (r.url().includes('/v1/catalogue?')) bytes.push((await r.body()).length);
    });
    await open('#/?asOf=2024-07-03');
    expect(await page.textContent('#total')).toBe('104');
    expect(await rows()).toBe(100);
    expect(await page.textContent('#page-range')).toContain('1–100 trong 104');
    // The page downloads a page, not the catalogue: well under what 104 entries weigh.
    expect(Math.max(...bytes)).toBeLessThan(120_000);
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

  describe('at 390 px (a phone)', () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 390, height: 844 });
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it.each([
      ['catalogue', '#/?asOf=2024-07-03'],
      ['search', '#/tim-kiem?q=he%20thong&asOf=2024-07-03'],
      ['editions', '#/an-ban'],
      ['edition', '#/an-ban/2765-BTTTT-CDSQG'],
      ['ministries', '#/bo-nganh?asOf=2024-07-03'],
      ['ministry', '#/bo-nganh/BTC?asOf=2024-07-03'],
      ['duplicates', '#/trung-lap'],
    ])('%s does not scroll sideways', async (name, hash) => {
      await open(hash);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: join(ARTIFACTS, `viewer-390-${name}.png`) });
      expect({ name, width }).toEqual({ name, width: 390 });
    });
  });

  describe('accessibility (axe-core in the page)', () => {
    const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

    it.each([
      ['catalogue', '#/?asOf=2024-07-03'],
      ['search', '#/tim-kiem?q=he%20thong&asOf=2024-07-03'],
      ['entry', null],
      ['editions', '#/an-ban'],
      ['edition', '#/an-ban/2765-BTTTT-CDSQG'],
      ['diff', '#/so-sanh?fromDate=2024-07-01&toDate=2024-07-03'],
      ['ministries', '#/bo-nganh?asOf=2024-07-03'],
      ['ministry', '#/bo-nganh/BTC?asOf=2024-07-03'],
      ['duplicates', '#/trung-lap'],
      ['audit', '#/kiem-tra'],
    ])('%s: no serious or critical violation', async (name, hash) => {
      if (hash) await open(hash);
      else {
        await open('#/?asOf=2024-07-03');
        await page.click('#catalogue a.entry-link');
        await page.waitForSelector('#timeline');
        await ready();
      }
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
