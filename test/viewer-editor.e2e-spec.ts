import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, Browser, launchBrowser } from './support/browser';
import { startOidcProvider, TestProvider } from './support/oidc-provider';
import { client, removeDir, startTestApp, TestApp } from './support/test-app';

/**
 * Officials editing the catalogue in the viewer, in a real Chromium, signed in through a real
 * OpenID Provider (oidc-provider on 127.0.0.1) with the Authorization Code flow and PKCE.
 * Every editor form is used here; screenshots go to test-artifacts/.
 */

/** A date n days from today in Vietnam: changes after today's amendments must not predate them. */
const day = (n: number) => new Date(Date.now() + 7 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);

const LEGAL = {
  'legalBasis.documentNumber': '12/QĐ-BTC',
  'legalBasis.issuedOn': '2025-01-10',
  'legalBasis.issuer': 'Bộ Tài chính',
  'legalBasis.signer': 'Hồ Đức Phớc',
};

describe('editing in the viewer, signed in through an OpenID provider', () => {
  let provider: TestProvider;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let entryId: string;
  let adminToken: string;

  beforeAll(async () => {
    provider = await startOidcProvider();
    t = await startTestApp({
      env: { OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: provider.audience, OIDC_CLIENT_ID: provider.clientId, OIDC_SCOPE: 'openid profile catalogue' },
    });
    await provider.setClient([`${t.url}/`], [`${t.url}/`]);
    adminToken = (await provider.login('admin.mic')).accessToken;
    const admin = client(t.url, adminToken);
    for (const [code, name] of [
      ['BTC', 'Bộ Tài chính'],
      ['BYT', 'Bộ Y tế'],
      ['BKHDT', 'Bộ Kế hoạch và Đầu tư'],
    ])
      expect((await admin.post('/v1/ministries', { code, name, effectiveDate: '2024-01-01' })).status).toBe(201);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('response', (r) => r.status() === 404 && pageErrors.push(`404 ${r.url()}`));
    // The provider's own pages (its missing favicon) are not the viewer's business.
    page.on(
      'console',
      (m) =>
        m.type() === 'error' &&
        !/status of (400|401|409)/.test(m.text()) &&
        !page.url().startsWith(provider.issuer) &&
        !m.location().url.startsWith(provider.issuer) &&
        pageErrors.push(m.text()),
    );
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (t) removeDir(t.dataDir);
    await provider?.close();
  });

  const ready = () => page.waitForSelector('#main .view[data-ready="true"]');
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  async function signIn(user: string) {
    await page.goto(`${t.url}/#/`);
    await page.click('#sign-in');
    await page.waitForSelector('#op-username');
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await page.fill('#op-username', user);
    await page.click('#op-submit');
    await page.waitForSelector('#who');
    await ready();
  }

  async function signOut() {
    await page.click('#sign-out');
    await page.waitForSelector('#op-logout');
    await page.click('#op-logout');
    await page.waitForURL(`${t.url}/`);
    await page.waitForSelector('#sign-in');
  }

  async function fill(form: string, values: Record<string, string | string[]>) {
    for (const [path, value] of Object.entries(values)) {
      const sel = `#form-${form} [data-field="${path}"]`;
      const tag = await page.$eval(sel, (el) => el.tagName);
      if (tag === 'SELECT') await page.selectOption(sel, value);
      else await page.fill(sel, value as string);
    }
  }

  async function openForm(command: string) {
    await page.click(`button[data-open="${command}"]`);
    await page.waitForSelector(`#form-${command}`);
  }

  /** Submits and waits for the recorded change's message; a refusal fails the test with its text. */
  async function submitAndWait(command: string) {
    await page.click(`#submit-${command}`);
    await page.waitForSelector(`#flash, #form-${command}[data-state="refused"]`);
    const refused = await page.$(`#form-${command}[data-state="refused"]`);
    if (refused) throw new Error(`${command} refused: ${await refused.textContent()}`);
    await ready();
  }

  async function openEntry(id: string) {
    await page.evaluate((id) => (location.hash = `#/muc/${id}`), id);
    await page.waitForSelector(`#entry[data-id="${id}"]`);
    await ready();
  }

  const lastEvent = async () => {
    const r = await client(t.url, adminToken).get('/v1/audit?limit=1000');
    return (r.body.events as Array<Record<string, any>>).at(-1)!;
  };
  const timelineTypes = () => page.$$eval('#timeline .timeline-item', (lis) => lis.map((li) => li.getAttribute('data-type')));

  it('signs in, registers an entry, amends it, sees it in the history, signs out; tokens only in memory', async () => {
    await page.goto(`${t.url}/`);
    await ready();
    expect(await page.textContent('#sign-in')).toBe('Đăng nhập');
    expect(await page.isHidden('nav.tabs a[data-nav="edit"]')).toBe(true);
    await signIn('editor.btc');
    expect(await page.textContent('#who')).toContain('Nguyễn Văn An');
    expect(await page.textContent('#who')).toContain('BTC');
    // Nothing of the session is kept anywhere the page's scripts or a reload could find it.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
    expect(page.url()).not.toContain('code=');

    await page.click('nav.tabs a[data-nav="edit"]');
    await page.waitForSelector('#edit');
    // An editor may register, not publish editions or reorganise ministries.
    expect(await page.$$eval('#catalogue-commands button[data-open]', (bs) => bs.map((b) => b.getAttribute('data-open')))).toEqual(['register']);
    await openForm('register');
    // The owner is the editor's own ministry, not a choice.
    expect(await page.$eval('#form-register [data-field="ownerMinistry"]', (el) => (el as HTMLSelectElement).disabled)).toBe(true);
    await fill('register', {
      name: 'Hệ thống quản lý nợ công qua SSO',
      kind: 'information-system',
      description: 'Theo dõi các khoản vay và trả nợ của Chính phủ',
      operator: 'Cục Quản lý nợ',
      'contact.email': 'no-cong@mof.gov.vn',
      effectiveDate: '2025-01-15',
      ...LEGAL,
      reason: 'Đưa vào vận hành',
    });
    await shot('editor-register.png');
    await page.click('#submit-register');
    await page.waitForSelector('#entry #timeline');
    await ready();
    expect(await page.textContent('#flash')).toContain('Đã đăng ký mục mới');
    entryId = (await page.getAttribute('#entry', 'data-id'))!;
    expect(await page.textContent('#entry h1')).toBe('Hệ thống quản lý nợ công qua SSO');
    const registered = await lastEvent();
    expect(registered.actor).toEqual({ sub: 'editor.btc', name: 'Nguyễn Văn An', role: 'ministry-editor', ministry: 'BTC', issuer: provider.issuer });
    expect(registered.legalBasis).toEqual({ documentNumber: '12/QĐ-BTC', issuedOn: '2025-01-10', issuer: 'Bộ Tài chính', signer: 'Hồ Đức Phớc' });

    // An editor sees amend, correct and withdraw on its own entry, not transfer.
    expect(await page.$$eval('#entry-commands button[data-open]', (bs) => bs.map((b) => b.getAttribute('data-open')))).toEqual([
      'amend',
      'correct',
      'withdraw',
    ]);
    await openForm('amend');
    expect(await page.textContent('#form-amend .revision-number')).toBe('0');
    await fill('amend', {
      operator: 'Cục Quản lý nợ và Tài chính đối ngoại',
      ndxpStatus: 'connected',
      ...LEGAL,
      'legalBasis.documentNumber': '34/QĐ-BTC',
      reason: 'Đổi tên đơn vị vận hành',
    });
    await submitAndWait('amend');
    expect(await page.textContent('#flash')).toContain('Đã ghi nhận sửa đổi (phiên bản 1)');
    expect(await timelineTypes()).toEqual(['platform.amended', 'platform.registered']);
    const amended = await page.textContent('#timeline .timeline-item:first-child');
    // An editor is not an auditor: the timeline names the role and ministry, not the official (personal data).
    expect(amended).not.toContain('Nguyễn Văn An');
    expect(amended).toContain('cán bộ Bộ, ngành, Bộ Tài chính');
    expect(amended).toContain('34/QĐ-BTC');
    expect(amended).toMatch(/Đơn vị vận hành\s*Cục Quản lý nợ\s*→\s*Cục Quản lý nợ và Tài chính đối ngoại/);
    expect(amended).toMatch(/Kết nối NDXP\s*Chưa kết nối\s*→\s*Đã kết nối/);
    // Only the changed fields were sent.
    const amendData = (await lastEvent()).data;
    expect(amendData.changes ?? amendData).not.toHaveProperty('name');
    expect(await page.textContent('body')).not.toMatch(/\bnull\b|undefined/);
    await shot('editor-amended-history.png');

    await signOut();
    expect(await page.isHidden('nav.tabs a[data-nav="edit"]')).toBe(true);
    expect(await page.$('#entry-commands')).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('a 409 after a concurrent change: shows what changed meanwhile and re-applies on the current revision', async () => {
    await signIn('editor.btc');
    await openEntry(entryId);
    await openForm('amend');
    expect(await page.textContent('#form-amend .revision-number')).toBe('1');
    // Meanwhile, MIC changes the entry through the API.
    const meanwhile = await client(t.url, adminToken).patch(
      `/v1/platforms/${entryId}`,
      { url: 'https://qlnocong.mof.gov.vn', effectiveDate: day(0), legalBasis: { documentNumber: '15/QĐ-CĐSQG', issuedOn: '2025-01-10' } },
      { 'if-match': '"1"' },
    );
    expect(meanwhile.status).toBe(200);
    const before = t.logLength();
    await fill('amend', { description: 'Theo dõi vay, trả nợ công và nợ được Chính phủ bảo lãnh', reason: 'Bổ sung mô tả' });
    await page.click('#submit-amend');
    await page.waitForSelector('#reapply-amend');
    const notice = await page.textContent('#form-amend .form-conflict');
    expect(notice).toContain('phiên bản hiện tại là 2');
    // An editor is the public as far as personal data goes: the change shows the role, not the official's name.
    expect(notice).toContain('Cục Chuyển đổi số quốc gia');
    expect(notice).not.toContain('Trần Quản Trị');
    expect(notice).toContain('https://qlnocong.mof.gov.vn');
    expect(t.logLength()).toBe(before);
    expect(await page.textContent('body')).not.toMatch(/\bnull\b|undefined/);
    await shot('editor-conflict.png');
    await page.click('#reapply-amend');
    await page.waitForSelector('#flash');
    await ready();
    expect(await page.textContent('#flash')).toContain('phiên bản 3');
    expect(t.logLength()).toBe(before + 1);
    expect(await timelineTypes()).toEqual(['platform.amended', 'platform.amended', 'platform.amended', 'platform.registered']);
  });

  it('a double-clicked submit records one change (and a submission sent twice carries one Idempotency-Key)', async () => {
    await page.click('nav.tabs a[data-nav="edit"]');
    await page.waitForSelector('#edit');
    await openForm('register');
    await fill('register', { name: 'Cổng dữ liệu tài chính mở', kind: 'portal', effectiveDate: '2025-03-01' });
    const before = t.logLength();
    const keys: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/v1/platforms') && keys.push(r.headers()['idempotency-key']));
    await page.dblclick('#submit-register');
    await page.waitForSelector('#entry #timeline');
    await ready();
    expect(t.logLength()).toBe(before + 1);

    // Two submissions of the same form before the first answer: the same key, one event.
    await openForm('correct');
    await fill('correct', { operator: 'Kho bạc Nhà nước', effectiveFrom: '2025-03-01', ...LEGAL, reason: 'Ghi nhầm đơn vị vận hành' });
    const beforeCorrection = t.logLength();
    const correctionKeys: string[] = [];
    page.on('request', (r) => r.url().endsWith('/corrections') && correctionKeys.push(r.headers()['idempotency-key']));
    await page.$eval('#form-correct', (f) => {
      (f as HTMLFormElement).requestSubmit();
      (f as HTMLFormElement).requestSubmit();
    });
    await page.waitForSelector('#flash');
    await ready();
    expect(correctionKeys).toHaveLength(2);
    expect(correctionKeys[0]).toBe(correctionKeys[1]);
    expect(t.logLength()).toBe(beforeCorrection + 1);
    expect(await page.textContent('#flash')).toContain('Đã ghi nhận đính chính');
    expect(await timelineTypes()).toEqual(['platform.corrected', 'platform.registered']);
    expect(keys.length).toBeGreaterThanOrEqual(1);
  });

  it("shows the API's problem details next to the fields, records nothing", async () => {
    await page.click('nav.tabs a[data-nav="edit"]');
    await page.waitForSelector('#edit');
    await openForm('register');
    await fill('register', {
      name: 'Hệ thống có lỗi nhập liệu',
      kind: 'application',
      'contact.email': 'không-phải-email',
      url: 'ftp://sai.example',
      effectiveDate: '2025-03-01',
      'legalBasis.documentNumber': '1/QĐ',
    });
    const before = t.logLength();
    await page.click('#submit-register');
    await page.waitForSelector('#err-contact-email:not([hidden])');
    expect(await page.textContent('#err-contact-email')).toContain('e-mail');
    expect(await page.textContent('#err-url')).toContain('URL');
    expect(await page.isVisible('#err-legalBasis-issuedOn')).toBe(true);
    expect(await page.getAttribute('#f-contact-email', 'aria-invalid')).toBe('true');
    expect(t.logLength()).toBe(before);
    await shot('editor-problems.png');
  });

  it("withdraws and reinstates its ministry's entry; the duplicate warning shows before registering", async () => {
    await openEntry(entryId);
    await openForm('withdraw');
    await fill('withdraw', { effectiveDate: day(1), ...LEGAL, reason: 'Hợp nhất vào hệ thống mới' });
    await submitAndWait('withdraw');
    expect(await page.textContent('#flash')).toContain('Đã rút khỏi danh mục');
    expect((await lastEvent()).type).toBe('platform.withdrawn');
    expect(await page.$$eval('#entry-commands button[data-open]', (bs) => bs.map((b) => b.getAttribute('data-open')))).toEqual(['correct', 'reinstate']);
    await openForm('reinstate');
    await fill('reinstate', { effectiveDate: day(2), ...LEGAL, reason: 'Tiếp tục vận hành' });
    await submitAndWait('reinstate');
    expect(await page.textContent('#flash')).toContain('Đã đưa trở lại danh mục');
    expect((await lastEvent()).type).toBe('platform.reinstated');

    await page.click('nav.tabs a[data-nav="edit"]');
    await page.waitForSelector('#edit');
    await openForm('register');
    await fill('register', { name: 'Hệ thống quản lý nợ công', description: 'Theo dõi các khoản vay và trả nợ của Chính phủ' });
    await page.waitForSelector('#form-register .form-similar:not([hidden])');
    expect(await page.textContent('#form-register .form-similar')).toContain('Hệ thống quản lý nợ công qua SSO');
  });

  it('an editor of another ministry gets no forms on this entry; an expired session signs out', async () => {
    await signOut();
    await signIn('editor.byt');
    await openEntry(entryId);
    expect(await page.$('#entry-commands')).toBeNull();
    await signOut();
    await signIn('short.btc'); // a token that lives one second
    await page.waitForSelector('#auth-message', { timeout: 10000 });
    expect(await page.textContent('#auth-message')).toContain('Phiên đăng nhập đã hết hạn');
    expect(await page.isVisible('#sign-in')).toBe(true);
    // The provider's session is still open: end it before the next user.
    await page.goto(`${provider.issuer}/session/end?client_id=${provider.clientId}&post_logout_redirect_uri=${encodeURIComponent(`${t.url}/`)}`);
    await page.click('#op-logout');
    await page.waitForURL(`${t.url}/`);
  });

  it('mic-admin: transfers, publishes an edition, renames, merges and dissolves ministries', async () => {
    await signIn('admin.mic');
    await page.click('nav.tabs a[data-nav="edit"]');
    await page.waitForSelector('#edit');
    expect(await page.$$eval('#catalogue-commands button[data-open]', (bs) => bs.map((b) => b.getAttribute('data-open')))).toEqual([
      'register',
      'publish-edition',
      'rename-ministry',
      'merge-ministries',
      'dissolve-ministry',
    ]);
    await openEntry(entryId);
    expect(await page.$$eval('#entry-commands button[data-open]', (bs) => bs.map((b) => b.getAttribute('data-open')))).toEqual([
      'amend',
      'correct',
      'withdraw',
      'transfer',
    ]);
    await openForm('transfer');
    await fill('transfer', { toMinistry: 'BKHDT', effectiveDate: day(3), ...LEGAL, reason: 'Chuyển giao nhiệm vụ' });
    await submitAndWait('transfer');
    expect(await page.textContent('#flash')).toContain('Đã chuyển cơ quan chủ quản');
    expect((await lastEvent()).type).toBe('platform.transferred');

    const editForm = async (command: string, values: Record<string, string>, flash: string) => {
      await page.click('nav.tabs a[data-nav="edit"]');
      await page.waitForSelector('#edit');
      await openForm(command);
      await fill(command, values);
      await submitAndWait(command);
      expect(await page.textContent('#flash')).toContain(flash);
    };
    await editForm(
      'publish-edition',
      { documentNumber: '789/QĐ-BTTTT', title: 'Danh mục cập nhật 2025', issuedOn: day(0), signer: 'Nguyễn Mạnh Hùng', cutoffDate: day(0) },
      'Đã công bố ấn bản',
    );
    expect(await page.textContent('#edition-list')).toContain('789/QĐ-BTTTT');
    expect((await lastEvent()).type).toBe('edition.published');
    await editForm(
      'rename-ministry',
      { ministry: 'BKHDT', ministryName: 'Bộ Kế hoạch, Đầu tư và Phát triển', effectiveDate: day(4), ...LEGAL },
      'Đã đổi tên Bộ, ngành',
    );
    expect((await lastEvent()).type).toBe('ministry.renamed');
    await editForm(
      'merge-ministries',
      { ministry: 'BKHDT', into: 'BTC', effectiveDate: day(5), ...LEGAL, reason: 'Hợp nhất theo Nghị quyết' },
      'Đã sáp nhập Bộ, ngành',
    );
    const merged = await client(t.url).get(`/v1/platforms/${entryId}?asOf=${day(6)}`);
    expect(merged.body.ownerMinistry).toBe('BTC');
    // A dissolution: the entry of BYT goes to the default successor on that date.
    const byt = await client(t.url, adminToken).post('/v1/platforms', {
      name: 'Nền tảng hỗ trợ khám, chữa bệnh từ xa',
      kind: 'platform',
      ownerMinistry: 'BYT',
      deploymentStatus: 'operational',
      effectiveDate: day(0),
    });
    expect(byt.status).toBe(201);
    await editForm(
      'dissolve-ministry',
      { ministry: 'BYT', defaultSuccessor: 'BTC', effectiveDate: day(7), ...LEGAL, reason: 'Giải thể, chia nhiệm vụ' },
      'Đã giải thể Bộ, ngành',
    );
    expect((await client(t.url).get(`/v1/platforms/${byt.body.id}?asOf=${day(7)}`)).body.ownerMinistry).toBe('BTC');
    expect((await client(t.url).get(`/v1/platforms/${byt.body.id}?asOf=${day(6)}`)).body.ownerMinistry).toBe('BYT');
    await shot('editor-admin.png');
    await signOut();
    expect(pageErrors).toEqual([]);
  });
});

describe('editing in the viewer without a provider (development token pasted)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    await client(t.url, t.token('mic-admin')).post('/v1/ministries', { code: 'BTC', name: 'Bộ Tài chính', effectiveDate: '2024-01-01' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('accepts a pasted token (memory only), refuses a bad one, registers an entry', async () => {
    await page.goto(`${t.url}/`);
    await page.waitForSelector('#dev-token');
    await page.fill('#dev-token', 'not.a.token');
    await page.click('#dev-sign-in-button');
    await page.waitForFunction(() => document.querySelector('#auth-error')?.textContent?.includes('không hợp lệ'));
    await page.fill('#dev-token', t.token('ministry-editor', 'BTC', 'dev:an'));
    await page.click('#dev-sign-in-button');
    await page.waitForSelector('#who');
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    await page.click('nav.tabs a[data-nav="edit"]');
    await page.click('button[data-open="register"]');
    await page.fill('#form-register [data-field="name"]', 'Cổng thông tin thử nghiệm');
    await page.selectOption('#form-register [data-field="kind"]', 'portal');
    const before = t.logLength();
    await page.click('#submit-register');
    await page.waitForSelector('#entry #timeline');
    expect(t.logLength()).toBe(before + 1);
    await page.click('#sign-out');
    await page.waitForSelector('#dev-token');
    // A reload forgets the token.
    await page.reload();
    await page.waitForSelector('#dev-token');
  });
});
