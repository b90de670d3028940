// The catalogue viewer: plain JavaScript over the public /v1 API. The page's state lives in the
// URL's hash (#/route?asOf=…&knownAt=…), so every view can be bookmarked and shared.
import { api, ApiError } from './api.js';
import { barChart } from './chart.js';
import { accessToken, authMode, currentActor, initAuth, onAuthChange, signIn, signInReady, signOut, takeAuthMessage, useDevelopmentToken } from './auth.js';
import { commandsFor } from './commands.js';
import { renderCommandForm } from './forms.js';
import { append, clear, DEPLOYMENT, EVENT, FIELD, h, highlight, KIND, NDXP, ROLE, showValue, todayInVietnam, viDate, viInstant } from './dom.js';

const main = () => document.getElementById('main');
/** Phones get the chart's compact layout; crossing the width redraws the charts (only them: an open form keeps its input). */
const phone = window.matchMedia('(max-width: 640px)');
const chartRedraws = new WeakMap();

/** A chart in its box, drawn for the current width and redrawn when the width crosses a phone's. */
function chartSection(attrs, rows, options) {
  const box = h('section', attrs, barChart(rows, { ...options, compact: phone.matches }));
  chartRedraws.set(box, () => box.replaceChildren(barChart(rows, { ...options, compact: phone.matches })));
  return box;
}
const inputs = () => ({
  asOf: document.getElementById('asOf'),
  knownAt: document.getElementById('knownAt'),
  q: document.getElementById('search-input'),
});

// ------------------------------------------------------------------ routing

/** The day (YYYY-MM-DD) an instant falls on in Vietnam (UTC+7). */
function vietnamDay(iso) {
  return new Date(Date.parse(iso) + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  const params = new URLSearchParams(qs ?? '');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params };
}

/** The time point every view reads at: asOf (default today in Vietnam) and knownAt (optional). */
function point(params) {
  return { asOf: params.get('asOf') || todayInVietnam(), knownAt: params.get('knownAt') || '' };
}

function link(path, extra = {}) {
  const { params } = parseHash();
  const p = new URLSearchParams();
  for (const k of ['asOf', 'knownAt']) if (params.get(k)) p.set(k, params.get(k));
  for (const [k, v] of Object.entries(extra)) {
    if (v) p.set(k, v);
    else if (v === '') p.delete(k); // '' clears a kept parameter
  }
  const s = p.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

/** This page's URL without "as known at" (and from its first page). */
function withoutKnownAt() {
  const { parts, params } = parseHash();
  const p = new URLSearchParams(params);
  for (const k of ['knownAt', 'cursor', 'trang']) p.delete(k);
  const s = p.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${s ? `?${s}` : ''}`;
}

function go(path, extra) {
  const target = link(path, extra);
  if (location.hash === target) render();
  else location.hash = target;
}

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  const { parts, params } = parseHash();
  const at = point(params);
  const { asOf, knownAt, q } = inputs();
  asOf.value = at.asOf;
  // A date box cannot hold an instant (an edition's or an audit row's point): it shows that
  // instant's day in Vietnam, and the instant stays in the URL until the box is changed.
  const instant = at.knownAt.includes('T') ? at.knownAt : '';
  knownAt.value = instant ? vietnamDay(instant) : at.knownAt;
  knownAt.dataset.instant = instant;
  const route = parts[0] ?? '';
  if (route === 'tim-kiem') q.value = params.get('q') ?? '';
  for (const a of document.querySelectorAll('nav.tabs a[data-nav]')) {
    const nav = {
      '': 'catalogue',
      'tim-kiem': 'search',
      'an-ban': 'editions',
      'so-sanh': 'editions',
      'trung-lap': 'duplicates',
      muc: 'catalogue',
      'cap-nhat': 'edit',
      'kiem-tra': 'audit',
      'bo-nganh': 'ministries',
    }[route];
    a.classList.toggle('active', a.dataset.nav === nav);
    a.setAttribute('href', link(a.getAttribute('href').split('?')[0].replace(/^#/, '') || '/'));
  }
  renderExportLinks(at, route === '' || route === 'danh-muc' ? params : new URLSearchParams());
  const view = h('div', { class: 'view' }, h('p', { class: 'loading' }, 'Đang tải…'));
  clear(main()).append(view);
  const status = document.getElementById('live-status');
  if (status) status.textContent = 'Đang tải…';
  main().setAttribute('aria-busy', 'true');
  try {
    let content;
    if (route === '' || route === 'danh-muc') content = await catalogueView(at, params);
    else if (route === 'tim-kiem') content = await searchView(at, params.get('q') ?? '');
    else if (route === 'muc' && parts[1]) content = await entryView(parts[1], at, params);
    else if (route === 'an-ban' && parts[1]) content = await editionView(parts[1]);
    else if (route === 'an-ban') content = await editionsView(params);
    else if (route === 'so-sanh') content = await diffView(params);
    else if (route === 'trung-lap') content = duplicatesView(params);
    else if (route === 'cap-nhat') content = await editView();
    else if (route === 'kiem-tra') content = await auditView(params);
    else if (route === 'bo-nganh' && parts[1]) content = await ministryView(parts[1], at);
    else if (route === 'bo-nganh') content = await ministriesView(at);
    else content = h('p', { class: 'error' }, 'Không có trang này. ', h('a', { href: '#/' }, 'Về danh mục'));
    if (seq !== renderSeq) return;
    append(clear(view), [flashMessage(), content]);
    view.dataset.ready = 'true';
    main().setAttribute('aria-busy', 'false');
    if (status) status.textContent = `Đã tải: ${document.querySelector('#main h1')?.textContent ?? ''}`;
    main().dataset.view = route || 'danh-muc';
  } catch (e) {
    if (seq !== renderSeq) return;
    clear(view).append(problem(e));
    view.dataset.ready = 'true';
    main().setAttribute('aria-busy', 'false');
    if (status) status.textContent = 'Có lỗi khi tải trang';
  }
}

function problem(e) {
  const detail = e instanceof ApiError ? e.message : 'Không kết nối được tới máy chủ.';
  return h('p', { class: 'error', role: 'alert' }, detail);
}

/** The footer's downloads follow the catalogue's date and its ministry and type filters. */
function renderExportLinks(at, params) {
  const el = document.getElementById('export-links');
  const filter = { ministry: params.get('ministry') || '', kind: params.get('kind') || '' };
  clear(el).append(
    'Tải danh mục ngày ',
    viDate(at.asOf),
    filter.ministry || filter.kind ? ' (theo bộ lọc)' : '',
    ': ',
    h('a', { href: api.exportUrl({ asOf: at.asOf, knownAt: at.knownAt, ...filter, format: 'csv' }), download: '', id: 'export-csv' }, 'CSV (mở bằng Excel)'),
    ' · ',
    h('a', { href: api.exportUrl({ asOf: at.asOf, knownAt: at.knownAt, ...filter, format: 'json' }), download: '', id: 'export-json' }, 'JSON'),
  );
}

// ------------------------------------------------------------------ shared pieces

const ministryCache = new Map();
async function ministryNames(asOf) {
  if (!ministryCache.has(asOf)) {
    const r = await api.ministries({ asOf }).catch(() => ({ ministries: [] }));
    ministryCache.set(asOf, new Map((r.ministries ?? []).map((m) => [m.code, m.name])));
  }
  return ministryCache.get(asOf);
}

function asOfSentence(at) {
  return [
    'ngày ',
    h('strong', null, viDate(at.asOf)),
    // A date means the end of that day; an instant (an edition's recording point) is shown as such.
    at.knownAt
      ? at.knownAt.includes('T')
        ? [' theo dữ liệu ghi nhận đến ', h('strong', { class: 'known-at' }, viInstant(at.knownAt))]
        : [' theo dữ liệu ghi nhận đến hết ngày ', h('strong', { class: 'known-at' }, viDate(at.knownAt))]
      : null,
  ];
}

/**
 * "As known at" a point before this store recorded anything, every view is empty: say why,
 * rather than show an unexplained empty catalogue. (Documents may be dated earlier: what counts
 * is when this store learned of them.) Asked only when a view came back empty.
 */
async function nothingRecordedNotice(at) {
  if (!at.knownAt) return null;
  const r = await api.ministries({ asOf: todayInVietnam(), knownAt: at.knownAt }).catch(() => null);
  if (!r || (r.ministries ?? []).length > 0) return null;
  return h(
    'p',
    { class: 'notice', id: 'nothing-recorded' },
    `Kho dữ liệu này chưa ghi nhận gì đến thời điểm đã chọn (${knownAtWords(at.knownAt)}), nên danh mục trống. `,
    'Văn bản có thể ban hành sớm hơn (ví dụ công văn 2765/BTTTT-CĐSQG ngày 15/07/2024), nhưng "ghi nhận" là lúc kho này được biết đến chúng. ',
    h('a', { href: withoutKnownAt(), id: 'clear-known-at' }, 'Xem theo dữ liệu hiện có'),
    '.',
  );
}

function entryLink(p, words) {
  return h('a', { href: link(`/muc/${p.id}`), class: 'entry-link', 'data-id': p.id }, words ? highlight(p.name, words) : p.name);
}

function badge(text, cls) {
  return h('span', { class: `badge ${cls ?? ''}` }, text);
}

function entryBadges(p) {
  return [
    badge(KIND[p.kind] ?? p.kind, 'kind'),
    p.deploymentStatus === 'pilot' ? badge(DEPLOYMENT.pilot, 'pilot') : null,
    p.ndxpStatus !== 'not-connected' ? badge(`NDXP: ${NDXP[p.ndxpStatus]}`, 'ndxp') : null,
    p.status === 'withdrawn' ? badge('Đã rút', 'withdrawn') : null,
  ];
}

// ------------------------------------------------------------------ catalogue

/** Rows per page of the catalogue: the page transfers a page, not the whole catalogue. */
const PAGE_SIZE = 100;
/** Filters of the catalogue page, all kept in the URL. */
const CATALOGUE_FILTERS = ['ministry', 'kind', 'deploymentStatus', 'ndxpStatus', 'status'];
const STATUS_LABEL = { 'in-force': 'Đang có hiệu lực', withdrawn: 'Đã rút', all: 'Tất cả' };

function filtersOf(params) {
  return Object.fromEntries(CATALOGUE_FILTERS.map((k) => [k, params.get(k) || '']));
}

async function catalogueView(at, params) {
  const filters = filtersOf(params);
  const { ministry, kind } = filters;
  const cursor = params.get('cursor') || '';
  const pageNo = Number(params.get('trang')) || 1;
  const common = {
    asOf: at.asOf,
    knownAt: at.knownAt,
    kind,
    deploymentStatus: filters.deploymentStatus,
    ndxpStatus: filters.ndxpStatus,
    status: filters.status,
  };
  // One page of entries; with a ministry chosen, the chart still counts every ministry (one row fetched).
  const [view, all, names] = await Promise.all([
    api.catalogue({ ...common, ministry, limit: PAGE_SIZE, cursor }),
    ministry ? api.catalogue({ ...common, limit: 1 }) : null,
    ministryNames(at.asOf),
  ]);
  const byMinistry = (all ?? view).byMinistry;
  const withEntries = byMinistry.filter((m) => m.count > 0);
  const without = byMinistry.filter((m) => m.count === 0);
  const byOwner = new Map();
  for (const p of view.platforms) byOwner.set(p.ownerMinistry, [...(byOwner.get(p.ownerMinistry) ?? []), p]);
  const shown = withEntries.filter((m) => byOwner.has(m.code));
  const refilter = (change) => go('/', { ...filters, cursor: '', trang: '', ...change });
  const select = (id, name, label, options, value) =>
    h(
      'label',
      { class: 'inline' },
      `${label}: `,
      h(
        'select',
        { id, name, onchange: (e) => refilter({ [name]: e.target.value }) },
        options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      ),
    );
  const emptyBecauseUnknown = view.total === 0 ? await nothingRecordedNotice(at) : null;
  const first = view.total === 0 ? 0 : (pageNo - 1) * PAGE_SIZE + 1;
  const last = (pageNo - 1) * PAGE_SIZE + view.platforms.length;

  return h(
    'div',
    { id: 'catalogue' },
    h(
      'section',
      { class: 'summary', id: 'summary' },
      h('h1', null, 'Danh mục ', asOfSentence(at)),
      h(
        'p',
        null,
        h('strong', { id: 'total' }, String(view.total)),
        ' nền tảng, hệ thống thông tin, ứng dụng',
        kind ? ` (loại: ${KIND[kind]})` : '',
        ' của ',
        h('strong', null, String(ministry ? (view.total > 0 ? 1 : 0) : withEntries.length)),
        ' Bộ, ngành đang có hiệu lực.',
        without.length && !ministry ? ` ${without.length} Bộ, ngành chưa có mục nào${kind ? ' thuộc loại này' : ''}.` : '',
      ),
      h(
        'div',
        { class: 'filters', id: 'filters' },
        select('kind-filter', 'kind', 'Loại', [['', 'Mọi loại'], ...Object.entries(KIND)], kind),
        select('deployment-filter', 'deploymentStatus', 'Triển khai', [['', 'Mọi mức'], ...Object.entries(DEPLOYMENT)], filters.deploymentStatus),
        select('ndxp-filter', 'ndxpStatus', 'Kết nối NDXP', [['', 'Mọi trạng thái'], ...Object.entries(NDXP)], filters.ndxpStatus),
        select(
          'status-filter',
          'status',
          'Hiệu lực',
          Object.entries(STATUS_LABEL).map(([v, t]) => [v === 'in-force' ? '' : v, t]),
          filters.status,
        ),
      ),
    ),
    chartSection({ class: 'chart-box' }, byMinistry, {
      title: `Số mục theo Bộ, ngành ngày ${viDate(at.asOf)}`,
      onSelect: (r) => r.count > 0 && refilter({ ministry: r.code === ministry ? '' : r.code }),
    }),
    emptyBecauseUnknown,
    ministry ? h('p', null, h('a', { href: link('/', { ...filters, ministry: '' }) }, '← Xem tất cả Bộ, ngành')) : null,
    view.total > PAGE_SIZE ? h('p', { class: 'muted', id: 'page-range' }, `Mục ${first}–${last} trong ${view.total}`) : null,
    h(
      'section',
      { class: 'ministries' },
      shown.map((m) =>
        h(
          'section',
          { class: 'ministry', 'data-ministry': m.code, id: `bo-${m.code}` },
          h(
            'h2',
            null,
            h('a', { href: link(`/bo-nganh/${m.code}`), class: 'ministry-link' }, m.name),
            ' ',
            h('span', { class: 'code' }, m.code),
            ' ',
            h('span', { class: 'count', title: 'Số mục' }, String(m.count)),
          ),
          h(
            'table',
            { class: 'entries cards' },
            h(
              'thead',
              null,
              h('tr', null, h('th', null, 'Tên'), h('th', null, 'Loại'), h('th', null, 'Triển khai'), h('th', null, 'Phối hợp'), h('th', null, 'Từ ngày')),
            ),
            h(
              'tbody',
              null,
              (byOwner.get(m.code) ?? []).map((p) =>
                h(
                  'tr',
                  { 'data-id': p.id },
                  h('td', { 'data-label': 'Tên' }, entryLink(p), p.status === 'withdrawn' ? [' ', badge('Đã rút', 'withdrawn')] : null),
                  h('td', { 'data-label': 'Loại' }, KIND[p.kind] ?? p.kind),
                  h('td', { 'data-label': 'Triển khai' }, DEPLOYMENT[p.deploymentStatus] ?? p.deploymentStatus),
                  h('td', { 'data-label': 'Phối hợp' }, p.coMinistries.map((c) => names.get(c) ?? c).join(', ')),
                  h('td', { class: 'date', 'data-label': 'Từ ngày' }, viDate(p.registeredOn)),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    pager(
      cursor ? link('/', { ...filters, cursor: '', trang: '' }) : null,
      view.nextCursor ? link('/', { ...filters, cursor: view.nextCursor, trang: String(pageNo + 1) }) : null,
      pageNo,
    ),
    without.length && !ministry
      ? h(
          'section',
          { class: 'without' },
          h('h2', null, `Chưa có mục nào${kind ? ' thuộc loại này' : ''}`),
          h('p', null, without.map((m) => m.name).join('; ')),
        )
      : null,
  );
}

/** Forward paging (cursors go one way): back to the first page, and the next one. */
function pager(firstHref, nextHref, pageNo) {
  if (!firstHref && !nextHref) return null;
  return h(
    'nav',
    { class: 'pager', id: 'pager', 'aria-label': 'Phân trang' },
    firstHref ? h('a', { href: firstHref, id: 'page-first' }, '« Trang đầu') : null,
    h('span', { class: 'page-no' }, `Trang ${pageNo}`),
    nextHref ? h('a', { href: nextHref, id: 'page-next', rel: 'next' }, 'Trang sau »') : null,
  );
}

// ------------------------------------------------------------------ search

const FIELD_LABEL = { name: 'tên', ministry: 'Bộ, ngành', operator: 'đơn vị vận hành', description: 'mô tả' };

async function searchView(at, q) {
  if (!q.trim())
    return h(
      'div',
      { id: 'search' },
      h('h1', null, 'Tìm kiếm'),
      h(
        'p',
        null,
        'Gõ vài từ vào ô tìm kiếm ở trên, có dấu hoặc không dấu: "hóa đơn điện tử" và "hoa don dien tu" cho cùng kết quả. Tìm trong tên, mô tả, đơn vị vận hành và tên Bộ, ngành.',
      ),
    );
  const cursor = parseHash().params.get('cursor') || '';
  const pageNo = Number(parseHash().params.get('trang')) || 1;
  const r = await api.search({ q, asOf: at.asOf, knownAt: at.knownAt, limit: 50, cursor });
  return h(
    'div',
    { id: 'search' },
    h('h1', null, h('span', { id: 'search-total' }, String(r.total)), ' kết quả cho “', q, '”, ', asOfSentence(at)),
    r.total === 0
      ? h(
          'p',
          null,
          'Không tìm thấy mục nào. Thử ít từ hơn, hoặc ',
          h('a', { href: link('/trung-lap', { name: q }) }, 'kiểm tra trùng lặp'),
          ' với mô tả đầy đủ.',
        )
      : null,
    h(
      'ol',
      { class: 'results', id: 'search-results', start: (pageNo - 1) * 50 + 1 },
      r.results.map((hit) => {
        const nameWords = hit.matched.find((m) => m.field === 'name')?.words;
        return h(
          'li',
          { class: `result ${hit.matchedAll ? 'full' : 'partial'}`, 'data-id': hit.platform.id },
          h('div', { class: 'result-head' }, entryLink(hit.platform, nameWords), ' ', entryBadges(hit.platform)),
          h(
            'div',
            { class: 'result-meta' },
            hit.platform.ownerMinistryName ?? hit.platform.ownerMinistry,
            ' · ',
            hit.matchedAll ? 'khớp đủ các từ' : 'khớp một phần',
            ' (',
            hit.matched.map((m) => FIELD_LABEL[m.field]).join(', '),
            ') · ',
            h('meter', { min: 0, max: 1, value: hit.score, title: `Điểm ${hit.score}` }),
            ` ${Math.round(hit.score * 100)}%`,
          ),
          hit.platform.description
            ? h('p', { class: 'desc' }, highlight(hit.platform.description, hit.matched.find((m) => m.field === 'description')?.words))
            : null,
        );
      }),
    ),
    pager(
      cursor ? link('/tim-kiem', { q, cursor: '', trang: '' }) : null,
      r.nextCursor ? link('/tim-kiem', { q, cursor: r.nextCursor, trang: String(pageNo + 1) }) : null,
      pageNo,
    ),
  );
}

// ------------------------------------------------------------------ one entry and its history

/** How an entry's history is ordered (kept in the URL): by recording time (the default) or by effective date. */
const ORDERS = { 'ghi-nhan': 'Theo thời điểm ghi nhận', 'hieu-luc': 'Theo ngày hiệu lực' };

/** knownAt as an instant: a date means the end of that day in Vietnam, as the API reads it. */
function knownAtInstant(knownAt) {
  if (!knownAt) return null;
  return Date.parse(knownAt.includes('T') ? knownAt : `${knownAt}T23:59:59.999+07:00`);
}

async function entryView(id, at, params) {
  const [current, history] = await Promise.all([
    api.platform(id, { asOf: at.asOf, knownAt: at.knownAt }).catch((e) => ({ error: e })),
    api.history(id, accessToken()),
  ]);
  const names = await ministryNames(at.asOf);
  const head = current.error
    ? h(
        'div',
        { class: 'notice' },
        current.error.problem?.registeredOn
          ? `Mục này chưa có trong danh mục ngày ${viDate(at.asOf)}: được đăng ký từ ngày ${viDate(current.error.problem.registeredOn)}.`
          : current.error.message,
      )
    : h(
        'dl',
        { class: 'facts' },
        ['code', 'kind', 'ownerMinistry', 'coMinistries', 'description', 'operator', 'contact', 'url', 'deploymentStatus', 'ndxpStatus', 'status'].flatMap(
          (f) => {
            let value = current[f];
            if (f === 'ownerMinistry') value = `${current.ownerMinistryName ?? ''} (${current.ownerMinistry})`;
            if (f === 'coMinistries') value = current.coMinistries.map((c) => names.get(c) ?? c);
            if (f === 'url' && value) return [h('dt', null, FIELD[f]), h('dd', null, h('a', { href: value, rel: 'noopener noreferrer' }, value))];
            return [h('dt', null, FIELD[f]), h('dd', null, showValue(f, value))];
          },
        ),
        h('dt', null, 'Đăng ký từ ngày'),
        h('dd', null, viDate(current.registeredOn)),
        h('dt', null, 'Phiên bản có hiệu lực từ'),
        h('dd', null, viDate(current.validFrom)),
      );
  const title = current.error ? (history.versions.at(-1)?.changes.find((c) => c.field === 'name')?.after ?? id) : current.name;
  return h(
    'div',
    { id: 'entry', 'data-id': id },
    h('p', null, h('a', { href: link('/') }, '← Danh mục')),
    h('h1', null, title),
    h('p', { class: 'muted' }, 'Thông tin ', asOfSentence(at)),
    head,
    current.error || at.knownAt ? null : await entryActions({ ...current, id }),
    h('h2', null, 'Lịch sử thay đổi'),
    h('p', { class: 'muted' }, 'Mỗi thay đổi: ngày có hiệu lực, thời điểm ghi nhận, người thực hiện và căn cứ pháp lý.'),
    historyView(id, history.versions, names, at, params),
  );
}

/**
 * The history, in the order asked for, and, "as known at" a point, the changes recorded after it
 * greyed and marked: they are not part of what was known then, but hiding them would hide that
 * the record was later corrected or changed.
 */
function historyView(id, versions, names, at, params) {
  const order = ORDERS[params.get('thu-tu')] ? params.get('thu-tu') : 'ghi-nhan';
  const cut = knownAtInstant(at.knownAt);
  const later = (v) => cut !== null && Date.parse(v.recordedAt) > cut;
  const newestFirst = [...versions].reverse();
  const ordered =
    order === 'hieu-luc'
      ? newestFirst.sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || Date.parse(b.recordedAt) - Date.parse(a.recordedAt))
      : newestFirst;
  const laterCount = versions.filter(later).length;
  return [
    h(
      'div',
      { class: 'timeline-tools' },
      h(
        'nav',
        { class: 'order-switch', id: 'timeline-order', 'aria-label': 'Thứ tự lịch sử' },
        Object.entries(ORDERS).map(([key, label]) =>
          h(
            'a',
            { href: link(`/muc/${id}`, { 'thu-tu': key === 'ghi-nhan' ? '' : key }), 'data-order': key, 'aria-current': key === order ? 'true' : null },
            label,
          ),
        ),
      ),
      laterCount
        ? h(
            'p',
            { class: 'notice', id: 'later-notice' },
            `${laterCount} thay đổi được ghi nhận sau thời điểm đã chọn (`,
            knownAtWords(at.knownAt),
            ') được làm mờ và đánh dấu: lúc đó chưa ai biết đến chúng.',
          )
        : null,
    ),
    timeline(ordered, names, later),
  ];
}

/** "as known at" in words: an instant with its time, a date as the end of that day. */
function knownAtWords(knownAt) {
  return knownAt.includes('T') ? `ghi nhận đến ${viInstant(knownAt)}` : `ghi nhận đến hết ngày ${viDate(knownAt)}`;
}

function legalBasis(lb) {
  if (!lb) return 'không ghi';
  return [
    lb.documentNumber,
    lb.issuedOn ? ` ngày ${viDate(lb.issuedOn)}` : '',
    lb.issuer ? ` của ${lb.issuer}` : '',
    lb.signer ? `, người ký: ${lb.signer}` : '',
    lb.title ? ` — ${lb.title}` : '',
  ].join('');
}

/** Ministry codes in a change shown by their names. */
function named(field, value, names) {
  if (field === 'ownerMinistry' && typeof value === 'string') return names.get(value) ?? value;
  if (field === 'coMinistries' && Array.isArray(value)) return value.map((c) => names.get(c) ?? c);
  return value;
}

/** versions in the order shown; `later(v)` marks those recorded after the chosen "as known at". */
function timeline(versions, names, later) {
  return h(
    'ol',
    { class: 'timeline', id: 'timeline' },
    versions.map((v) =>
      h(
        'li',
        {
          class: `timeline-item ${v.type.replace('.', '-')}${later(v) ? ' after-known' : ''}`,
          'data-type': v.type,
          'data-recorded': v.recordedAt,
          'data-effective': v.effectiveDate,
          'data-later': later(v) ? 'true' : null,
        },
        h(
          'div',
          { class: 'when' },
          h('span', { class: 'effective' }, viDate(v.effectiveDate)),
          h('span', { class: 'recorded' }, `ghi nhận ${viInstant(v.recordedAt)}`),
        ),
        h(
          'div',
          { class: 'what' },
          later(v) ? h('p', { class: 'later-mark' }, 'Ghi nhận sau thời điểm đã chọn') : null,
          h('h3', null, EVENT[v.type] ?? v.type, v.ministry ? ` · ${names.get(v.ministry) ?? v.ministry}` : ''),
          h(
            'p',
            { class: 'who' },
            'Người thực hiện: ',
            // The public sees role and ministry only (personal data); auditors and mic-admin also the name.
            v.actor?.name
              ? [h('strong', null, v.actor.name), ` (${ROLE[v.actor.role] ?? v.actor.role}${v.actor.ministry ? `, ${v.actor.ministry}` : ''})`]
              : v.actor
                ? h('strong', null, `${ROLE[v.actor.role] ?? v.actor.role}${v.actor.ministry ? `, ${names.get(v.actor.ministry) ?? v.actor.ministry}` : ''}`)
                : '',
          ),
          h('p', { class: 'basis' }, 'Căn cứ: ', legalBasis(v.legalBasis)),
          v.reason ? h('p', { class: 'reason' }, 'Lý do: ', v.reason) : null,
          v.changes.length
            ? h(
                'table',
                { class: 'changes' },
                h(
                  'tbody',
                  null,
                  v.changes.map((c) =>
                    h(
                      'tr',
                      null,
                      h('th', null, FIELD[c.field] ?? c.field),
                      h('td', { class: 'before' }, showValue(c.field, named(c.field, c.before, names))),
                      h('td', { class: 'arrow' }, '→'),
                      h('td', { class: 'after' }, showValue(c.field, named(c.field, c.after, names))),
                    ),
                  ),
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

// ------------------------------------------------------------------ editions and diffs

const EDITION_COLUMNS = ['Số hiệu', 'Tiêu đề', 'Ngày ban hành', 'Cập nhật đến', 'Người ký', 'Ghi nhận vào hệ thống lúc'];

async function editionsView(params) {
  const { editions } = await api.editions();
  const options = (selected) =>
    editions.map((e) => h('option', { value: e.id, selected: e.id === selected }, `${e.documentNumber} (cập nhật đến ${viDate(e.cutoffDate)})`));
  const from = h('select', { id: 'edition-from' }, options(params.get('from') ?? editions[0]?.id));
  const to = h('select', { id: 'edition-to' }, options(params.get('to') ?? editions.at(-1)?.id));
  const dFrom = h('input', { type: 'date', id: 'date-from', value: params.get('fromDate') ?? '2024-07-03' });
  const dTo = h('input', { type: 'date', id: 'date-to', value: params.get('toDate') ?? todayInVietnam() });
  return h(
    'div',
    { id: 'editions' },
    h('h1', null, 'Các ấn bản đã công bố'),
    h(
      'p',
      { class: 'muted' },
      'Một ấn bản là danh mục do Bộ công bố, cố định tại ngày "cập nhật đến" và những gì đã ghi nhận lúc công bố: nội dung không bao giờ thay đổi về sau.',
    ),
    editions.length === 0
      ? h('p', null, 'Chưa có ấn bản nào.')
      : h(
          'table',
          { class: 'entries cards', id: 'edition-list' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              EDITION_COLUMNS.map((c) => h('th', null, c)),
            ),
          ),
          h(
            'tbody',
            null,
            editions.map((e) => {
              // The issue date is the document's; the recording time is when this store learned of it.
              const cells = [
                h('a', { href: link(`/an-ban/${e.id}`) }, e.documentNumber),
                e.title ?? '',
                viDate(e.issuedOn),
                viDate(e.cutoffDate),
                e.signer,
                viInstant(e.publishedAt),
              ];
              return h(
                'tr',
                { 'data-id': e.id },
                cells.map((c, i) => h('td', { 'data-label': EDITION_COLUMNS[i], class: [2, 3, 5].includes(i) ? 'date' : null }, c)),
              );
            }),
          ),
        ),
    editions.length > 0
      ? h(
          'form',
          { class: 'compare', id: 'compare-editions', onsubmit: (ev) => (ev.preventDefault(), go('/so-sanh', { from: from.value, to: to.value })) },
          h('h2', null, 'So sánh hai ấn bản'),
          h('label', null, 'Từ ấn bản ', from),
          h('label', null, 'đến ấn bản ', to),
          h('button', { type: 'submit', id: 'compare-button' }, 'So sánh'),
        )
      : null,
    h(
      'form',
      { class: 'compare', id: 'compare-dates', onsubmit: (ev) => (ev.preventDefault(), go('/so-sanh', { fromDate: dFrom.value, toDate: dTo.value })) },
      h('h2', null, 'So sánh danh mục giữa hai ngày'),
      h('label', null, 'Từ ngày ', dFrom),
      h('label', null, 'đến ngày ', dTo),
      h('button', { type: 'submit', id: 'compare-dates-button' }, 'So sánh'),
    ),
  );
}

async function editionView(id) {
  const e = await api.edition(id);
  const byOwner = new Map();
  for (const p of e.platforms) byOwner.set(p.ownerMinistry, [...(byOwner.get(p.ownerMinistry) ?? []), p]);
  // Entry links open the entry as the edition froze it: its cut-off date, as recorded when it was published.
  const pinned = (p) => h('a', { href: link(`/muc/${p.id}`, { asOf: e.cutoffDate, knownAt: e.publishedAt }), class: 'entry-link', 'data-id': p.id }, p.name);
  return h(
    'div',
    { id: 'edition', class: 'printable' },
    h('p', { class: 'no-print' }, h('a', { href: link('/an-ban') }, '← Các ấn bản')),
    h(
      'header',
      { class: 'print-head', id: 'edition-head' },
      h('h1', null, `Ấn bản ${e.documentNumber}`),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Số hiệu'),
        h('dd', null, e.documentNumber),
        e.title ? [h('dt', null, 'Tiêu đề'), h('dd', null, e.title)] : null,
        h('dt', null, 'Ngày ban hành'),
        h('dd', null, viDate(e.issuedOn)),
        h('dt', null, 'Người ký'),
        h('dd', null, e.signer),
        h('dt', null, 'Cập nhật đến ngày'),
        h('dd', { id: 'edition-cutoff' }, viDate(e.cutoffDate)),
        h('dt', null, 'Ghi nhận vào hệ thống lúc'),
        h('dd', null, viInstant(e.publishedAt), h('span', { class: 'muted' }, ' (thời điểm hệ thống ghi nhận, không phải ngày ban hành)')),
        h('dt', null, 'Số mục'),
        h('dd', null, h('strong', null, String(e.total))),
      ),
    ),
    h(
      'section',
      { class: 'chain-head', id: 'edition-chain-head' },
      h('h2', null, 'Dấu chuỗi băm (để kiểm chứng)'),
      e.head
        ? h(
            'p',
            null,
            'Vị trí ',
            h('code', { id: 'head-position' }, String(e.head.position)),
            ', mã băm ',
            h('code', { id: 'head-hash', class: 'hash' }, e.head.hash),
            '. Kiểm tra ngoại tuyến: tải nhật ký (kiểm toán viên) rồi chạy ',
            h('code', null, `npm run verify-file -- log.jsonl --head ${e.head.position}:${e.head.hash}`),
            '; chữ ký của đầu chuỗi: ',
            h('a', { href: `/v1/audit/head?position=${e.head.position}` }, '/v1/audit/head'),
            '.',
          )
        : h('p', { class: 'muted' }, 'Kho dữ liệu này không lưu chuỗi băm.'),
    ),
    h(
      'p',
      { class: 'downloads no-print' },
      'Tải ấn bản: ',
      h('a', { href: api.editionFileUrl(e.id, 'csv'), download: '', id: 'edition-csv' }, 'CSV'),
      ' · ',
      h('a', { href: api.editionFileUrl(e.id, 'json'), download: '', id: 'edition-json' }, 'JSON'),
      ' · ',
      h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, 'In'),
    ),
    chartSection({ class: 'chart-box no-print' }, e.byMinistry, { title: `Số mục theo Bộ, ngành trong ấn bản ${e.documentNumber}` }),
    e.byMinistry
      .filter((m) => m.count > 0)
      .map((m) =>
        h(
          'section',
          { class: 'ministry', 'data-ministry': m.code },
          h('h2', null, m.name, ' ', h('span', { class: 'count' }, String(m.count))),
          h(
            'ol',
            { class: 'edition-entries' },
            (byOwner.get(m.code) ?? []).map((p) => h('li', null, pinned(p), ' ', entryBadges(p))),
          ),
        ),
      ),
  );
}

async function diffView(params) {
  const byEdition = params.get('from') && params.get('to');
  let d;
  let heading;
  let files;
  let notice = null;
  if (byEdition) {
    const [a, b] = await Promise.all([api.edition(params.get('from')), api.edition(params.get('to'))]);
    d = await api.editionDiff(a.id, b.id);
    files = (format) => api.editionDiffFileUrl(a.id, b.id, format);
    heading = [
      `So sánh ấn bản ${a.documentNumber} (cập nhật đến ${viDate(a.cutoffDate)}) với ấn bản ${b.documentNumber} (cập nhật đến ${viDate(b.cutoffDate)})`,
    ];
  } else {
    const fromDate = params.get('fromDate');
    const toDate = params.get('toDate') || todayInVietnam();
    if (!fromDate) return h('p', { class: 'error' }, 'Chọn hai ấn bản hoặc hai ngày để so sánh. ', h('a', { href: link('/an-ban') }, 'Về trang ấn bản'));
    const knownAt = params.get('knownAt') || '';
    d = await api.dateDiff({ from: fromDate, to: toDate, knownAt });
    files = (format) => api.dateDiffFileUrl({ from: fromDate, to: toDate, knownAt, format });
    heading = [`So sánh danh mục ngày ${viDate(fromDate)} với ngày ${viDate(toDate)}`, knownAt ? `, theo dữ liệu ${knownAtWords(knownAt)}` : ''];
    const nothing = d.added.length + d.changed.length + d.transferred.length + d.withdrawn.length === 0;
    if (nothing) notice = await nothingRecordedNotice({ asOf: toDate, knownAt });
  }
  const names = await ministryNames(d.to.asOf);
  const ministry = (code) => names.get(code) ?? code;
  const section = (id, title, items, render) =>
    h(
      'section',
      { class: `diff-part ${id}`, id: `diff-${id}` },
      h('h2', null, title, ' ', h('span', { class: 'count' }, String(items.length))),
      items.length ? h('ul', { class: 'plain' }, items.map(render)) : h('p', { class: 'muted' }, 'Không có.'),
    );
  return h(
    'div',
    { id: 'diff' },
    h('p', null, h('a', { href: link('/an-ban') }, '← Các ấn bản')),
    h('h1', null, heading),
    notice,
    h(
      'p',
      { class: 'downloads no-print' },
      'Tải kết quả so sánh: ',
      h('a', { href: files('csv'), download: '', id: 'diff-csv' }, 'CSV'),
      ' · ',
      h('a', { href: files('json'), download: '', id: 'diff-json' }, 'JSON'),
    ),
    section('added', 'Thêm vào danh mục', d.added, (p) => h('li', null, entryLink(p), ' — ', ministry(p.ownerMinistry), ' ', entryBadges(p))),
    section('changed', 'Thay đổi', d.changed, (c) =>
      h(
        'li',
        null,
        h('a', { href: link(`/muc/${c.id}`), class: 'entry-link' }, c.name),
        ' — ',
        ministry(c.ownerMinistry),
        h(
          'table',
          { class: 'changes' },
          h(
            'tbody',
            null,
            c.changes.map((x) =>
              h(
                'tr',
                null,
                h('th', null, FIELD[x.field] ?? x.field),
                h('td', { class: 'before' }, showValue(x.field, x.before)),
                h('td', { class: 'arrow' }, '→'),
                h('td', { class: 'after' }, showValue(x.field, x.after)),
              ),
            ),
          ),
        ),
      ),
    ),
    section('transferred', 'Chuyển cơ quan chủ quản', d.transferred, (t) =>
      h('li', null, h('a', { href: link(`/muc/${t.id}`), class: 'entry-link' }, t.name), ': ', ministry(t.fromMinistry), ' → ', ministry(t.toMinistry)),
    ),
    section('withdrawn', 'Rút khỏi danh mục', d.withdrawn, (p) => h('li', null, entryLink(p), ' — ', ministry(p.ownerMinistry))),
  );
}

// ------------------------------------------------------------------ duplicate check

const LEVEL = { high: 'Rất giống', medium: 'Khá giống', low: 'Hơi giống' };

function duplicatesView(params) {
  const name = h('input', {
    type: 'text',
    id: 'dup-name',
    required: true,
    maxlength: 300,
    value: params.get('name') ?? '',
    placeholder: 'ví dụ: Phần mềm quản lý hóa đơn điện tử của tỉnh',
  });
  const description = h('textarea', { id: 'dup-description', rows: 5, maxlength: 5000, placeholder: 'Dán mô tả chức năng của hệ thống dự kiến xây dựng' });
  const out = h('div', { id: 'dup-results' });
  const { params: p } = parseHash();
  const submit = async (ev) => {
    ev.preventDefault();
    clear(out).append(h('p', { class: 'loading' }, 'Đang so sánh…'));
    try {
      const r = await api.duplicates({ name: name.value, description: description.value || null, asOf: point(p).asOf, limit: 10 });
      clear(out).append(
        h(
          'h2',
          null,
          r.results.length
            ? `${r.results.length} mục gần giống nhất trong danh mục ngày ${viDate(r.asOf)}`
            : `Không có mục nào giống trong danh mục ngày ${viDate(r.asOf)}`,
        ),
        h(
          'ol',
          { class: 'results' },
          r.results.map((x) =>
            h(
              'li',
              { class: `result level-${x.level}`, 'data-id': x.platform.id },
              h('div', { class: 'result-head' }, entryLink(x.platform, x.matchingWords), ' ', badge(LEVEL[x.level], `level ${x.level}`)),
              h(
                'div',
                { class: 'result-meta' },
                x.platform.ownerMinistryName ?? x.platform.ownerMinistry,
                ' · mức giống ',
                h('meter', { min: 0, max: 1, value: x.score, low: 0.35, high: 0.6, optimum: 0 }),
                ` ${Math.round(x.score * 100)}%`,
                x.matchingWords.length ? [' · từ trùng: ', x.matchingWords.map((w) => h('span', { class: 'chip' }, w))] : null,
              ),
            ),
          ),
        ),
        r.results.some((x) => x.level === 'high')
          ? h(
              'p',
              { class: 'notice' },
              'Có nền tảng quốc gia rất giống: hãy liên hệ đầu mối vận hành để khai thác thay vì xây dựng mới (công văn 2765/BTTTT-CĐSQG: tránh triển khai chồng lấn, trùng lặp).',
            )
          : null,
      );
    } catch (e) {
      clear(out).append(problem(e));
    }
  };
  return h(
    'div',
    { id: 'duplicates' },
    h('h1', null, 'Kiểm tra trùng lặp trước khi xây dựng'),
    h(
      'p',
      null,
      'Nhập tên và mô tả hệ thống địa phương dự kiến xây dựng: trang sẽ so với các nền tảng quốc gia đang có hiệu lực ',
      asOfSentence(point(p)),
      ' và cho biết mục nào đã đáp ứng.',
    ),
    h(
      'form',
      { id: 'dup-form', class: 'stack', onsubmit: submit },
      h('label', null, 'Tên hệ thống', name),
      h('label', null, 'Mô tả', description),
      h('button', { type: 'submit', id: 'dup-button' }, 'Kiểm tra'),
    ),
    out,
  );
}

// ------------------------------------------------------------------ signing in and editing

let flash = null;

function flashMessage() {
  const m = flash;
  flash = null;
  return m ? h('p', { class: 'flash', id: 'flash', role: 'status' }, m) : null;
}

const WHAT = {
  register: 'Đã đăng ký mục mới',
  amend: 'Đã ghi nhận sửa đổi',
  correct: 'Đã ghi nhận đính chính',
  withdraw: 'Đã rút khỏi danh mục',
  reinstate: 'Đã đưa trở lại danh mục',
  transfer: 'Đã chuyển cơ quan chủ quản',
  'publish-edition': 'Đã công bố ấn bản',
  'rename-ministry': 'Đã đổi tên Bộ, ngành',
  'merge-ministries': 'Đã sáp nhập Bộ, ngành',
  'dissolve-ministry': 'Đã giải thể Bộ, ngành',
};

async function formContext(entry) {
  const today = todayInVietnam();
  const r = await api.ministries({ asOf: today }).catch(() => ({ ministries: [] }));
  return { actor: currentActor(), entry, today, ministries: (r.ministries ?? []).filter((m) => m.status === 'in-force') };
}

/**
 * After a recorded change: say so, forget cached names (a rename), and show the entry on the
 * change's effective date (or today, if that is earlier), so that the change is what one sees.
 */
function afterChange({ command, answer, body }) {
  flash = `${WHAT[command.id] ?? 'Đã ghi nhận'} (phiên bản ${answer.revision}).`;
  if (answer.warnings?.length) flash += ' Lưu ý: danh mục có mục rất giống mục vừa đăng ký.';
  ministryCache.clear();
  const today = todayInVietnam();
  const effective = body.effectiveDate ?? body.effectiveFrom ?? today;
  const asOf = effective > today ? effective : today;
  if (command.id === 'publish-edition') go('/an-ban');
  else if (command.where === 'entry' || command.id === 'register') go(`/muc/${answer.id}`, { asOf, knownAt: '' });
  else go('/cap-nhat', { asOf });
}

/** The forms for one command at a time, opened by its button. */
function commandPanel(commands, ctx, id) {
  const panel = h('div', { class: 'command-panel', id: `${id}-panel` });
  return h(
    'section',
    { class: 'commands', id },
    h(
      'div',
      { class: 'command-buttons' },
      commands.map((c) =>
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-open': c.id, onclick: () => clear(panel).append(renderCommandForm(c, ctx, afterChange)) },
          c.title,
        ),
      ),
    ),
    panel,
  );
}

async function entryActions(entry) {
  if (!currentActor()) return null;
  const ctx = await formContext(entry);
  const commands = commandsFor('entry', ctx);
  if (!commands.length) return null;
  return h('div', null, h('h2', null, 'Cập nhật mục này'), commandPanel(commands, ctx, 'entry-commands'));
}

async function editView() {
  if (!currentActor())
    return h(
      'div',
      { id: 'edit' },
      h('h1', null, 'Cập nhật danh mục'),
      h('p', null, 'Đăng nhập (ở góc trên bên phải) để đăng ký và cập nhật các mục của Bộ, ngành mình.'),
    );
  const ctx = await formContext(null);
  const commands = commandsFor('catalogue', ctx);
  return h(
    'div',
    { id: 'edit' },
    h('h1', null, 'Cập nhật danh mục'),
    h(
      'p',
      { class: 'muted' },
      'Để sửa đổi, đính chính, rút hay đưa trở lại một mục: mở mục đó trong danh mục. Mỗi thay đổi ghi rõ người thực hiện, căn cứ pháp lý và lý do.',
    ),
    commands.length ? commandPanel(commands, ctx, 'catalogue-commands') : h('p', null, 'Vai trò của bạn chỉ được xem.'),
  );
}

// ------------------------------------------------------------------ audit (auditor, mic-admin)

const AUDIT_FILTERS = ['platform', 'ministry', 'actor', 'documentNumber', 'type', 'from', 'to'];
const AUDIT_PAGE = 100;

async function auditView(params) {
  const actor = currentActor();
  const token = accessToken();
  const intro = h('h1', null, 'Nhật ký kiểm tra');
  if (!actor || !token || !['auditor', 'mic-admin'].includes(actor.role))
    return h(
      'div',
      { id: 'audit' },
      intro,
      h(
        'p',
        { class: 'notice', id: 'audit-signin' },
        'Trang này dành cho kiểm toán viên và quản trị viên Cục Chuyển đổi số quốc gia: đăng nhập (hoặc dán mã phát triển) ở đầu trang. Mã chỉ được giữ trong bộ nhớ của trang.',
      ),
    );
  const filters = Object.fromEntries(AUDIT_FILTERS.map((k) => [k, params.get(k) || '']));
  const cursor = params.get('cursor') || '';
  const pageNo = Number(params.get('trang')) || 1;
  const r = await api.audit({ ...filters, limit: AUDIT_PAGE, cursor }, token);
  const field = (name, label, attrs = {}) => h('label', null, label, ' ', h('input', { name, id: `audit-${name}`, value: filters[name], ...attrs }));
  const form = h(
    'form',
    {
      class: 'filters audit-filters',
      id: 'audit-filters',
      onsubmit: (ev) => {
        ev.preventDefault();
        const data = new FormData(ev.target);
        go('/kiem-tra', { ...Object.fromEntries(AUDIT_FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()])), cursor: '', trang: '' });
      },
    },
    field('platform', 'Mục (mã định danh)', { size: 36 }),
    field('ministry', 'Bộ (mã)', { size: 8 }),
    field('actor', 'Người thực hiện (sub)'),
    field('documentNumber', 'Số văn bản'),
    h(
      'label',
      null,
      'Loại sự kiện ',
      h(
        'select',
        { name: 'type', id: 'audit-type' },
        h('option', { value: '' }, 'Mọi loại'),
        Object.entries(EVENT).map(([k, v]) => h('option', { value: k, selected: k === filters.type }, v)),
      ),
    ),
    field('from', 'Ghi nhận từ ngày', { type: 'date' }),
    field('to', 'đến ngày', { type: 'date' }),
    h('button', { type: 'submit', id: 'audit-apply' }, 'Lọc'),
  );
  const rows = r.events.map((e) => ({
    position: e.position,
    recordedAt: e.recordedAt,
    effectiveDate: e.effectiveDate,
    type: e.type,
    streamId: e.streamId,
    actor: e.actor,
    legalBasis: e.legalBasis,
    reason: e.reason,
  }));
  const csv = () => {
    const cell = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const lines = [['position', 'recordedAt', 'effectiveDate', 'type', 'streamId', 'actorSub', 'actorName', 'role', 'ministry', 'documentNumber', 'reason']];
    for (const x of rows)
      lines.push([
        x.position,
        x.recordedAt,
        x.effectiveDate,
        x.type,
        x.streamId,
        x.actor?.sub,
        x.actor?.name,
        x.actor?.role,
        x.actor?.ministry,
        x.legalBasis?.documentNumber,
        x.reason,
      ]);
    return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
  };
  const download = h('a', { id: 'audit-csv', download: `nhat-ky-trang-${pageNo}.csv`, href: '#' }, 'Tải trang này (CSV)');
  download.addEventListener('click', () => {
    download.href = URL.createObjectURL(new Blob([csv()], { type: 'text/csv;charset=utf-8' }));
  });
  const entryOf = (streamId) => (streamId.startsWith('platform-') ? streamId.slice('platform-'.length) : null);
  return h(
    'div',
    { id: 'audit' },
    intro,
    h(
      'p',
      { class: 'muted' },
      'Mọi thay đổi đã ghi nhận, theo thứ tự ghi, với người thực hiện (dữ liệu cá nhân: chỉ kiểm toán viên và quản trị viên được xem).',
    ),
    form,
    h('p', { class: 'no-print' }, download),
    rows.length === 0
      ? h('p', { class: 'muted', id: 'audit-empty' }, 'Không có sự kiện nào khớp bộ lọc.')
      : h(
          'table',
          { class: 'entries cards', id: 'audit-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['Vị trí', 'Ghi nhận lúc', 'Hiệu lực', 'Sự kiện', 'Đối tượng', 'Người thực hiện', 'Căn cứ'].map((t) => h('th', null, t)),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map((x) => {
              const entry = entryOf(x.streamId);
              return h(
                'tr',
                { 'data-position': x.position },
                h('td', { 'data-label': 'Vị trí' }, String(x.position)),
                h('td', { 'data-label': 'Ghi nhận lúc', class: 'date' }, viInstant(x.recordedAt)),
                h('td', { 'data-label': 'Hiệu lực', class: 'date' }, viDate(x.effectiveDate)),
                h('td', { 'data-label': 'Sự kiện' }, EVENT[x.type] ?? x.type),
                h(
                  'td',
                  { 'data-label': 'Đối tượng' },
                  // The entry's history as it stood when this event was recorded.
                  entry
                    ? h('a', { href: link(`/muc/${entry}`, { asOf: x.effectiveDate, knownAt: x.recordedAt }), class: 'audit-entry-link' }, entry.slice(0, 8))
                    : x.streamId,
                ),
                h(
                  'td',
                  { 'data-label': 'Người thực hiện' },
                  x.actor?.name ?? '',
                  x.actor ? ` (${x.actor.sub}; ${ROLE[x.actor.role] ?? x.actor.role}${x.actor.ministry ? `, ${x.actor.ministry}` : ''})` : '',
                ),
                h('td', { 'data-label': 'Căn cứ' }, x.legalBasis?.documentNumber ?? ''),
              );
            }),
          ),
        ),
    pager(
      cursor ? link('/kiem-tra', { ...filters, cursor: '', trang: '' }) : null,
      r.nextCursor ? link('/kiem-tra', { ...filters, cursor: r.nextCursor, trang: String(pageNo + 1) }) : null,
      pageNo,
    ),
  );
}

// ------------------------------------------------------------------ ministries

async function ministriesView(at) {
  const [r, view] = await Promise.all([
    api.ministries({ asOf: at.asOf, knownAt: at.knownAt }),
    api.catalogue({ asOf: at.asOf, knownAt: at.knownAt, limit: 1 }),
  ]);
  const counts = new Map(view.byMinistry.map((m) => [m.code, m.count]));
  const ministries = r.ministries ?? [];
  return h(
    'div',
    { id: 'ministries' },
    h('h1', null, 'Các Bộ, ngành ', asOfSentence(at)),
    h(
      'table',
      { class: 'entries cards', id: 'ministry-list' },
      h('thead', null, h('tr', null, h('th', null, 'Bộ, ngành'), h('th', null, 'Mã'), h('th', null, 'Tình trạng'), h('th', null, 'Số mục'))),
      h(
        'tbody',
        null,
        ministries.map((m) =>
          h(
            'tr',
            { 'data-ministry': m.code },
            h('td', { 'data-label': 'Bộ, ngành' }, h('a', { href: link(`/bo-nganh/${m.code}`) }, m.name)),
            h('td', { 'data-label': 'Mã' }, m.code),
            h(
              'td',
              { 'data-label': 'Tình trạng' },
              m.status === 'in-force' ? 'Đang hoạt động' : m.mergedInto ? `Đã sáp nhập vào ${m.mergedInto}` : 'Đã chấm dứt',
            ),
            h('td', { 'data-label': 'Số mục', class: 'num' }, String(counts.get(m.code) ?? 0)),
          ),
        ),
      ),
    ),
  );
}

const STEP = {
  registered: (s) => `Đăng ký với tên “${s.name}”`,
  renamed: (s) => `Đổi tên từ “${s.previousName}” thành “${s.name}”`,
  'merged-into': (s, n) => `Sáp nhập vào ${n(s.into)}`,
  absorbed: (s, n) => `Tiếp nhận ${n(s.from)} (sáp nhập)`,
  dissolved: (s, n) =>
    `Giải thể; kế thừa: ${s.successors.map((x) => `${n(x.code)}${x.code === s.defaultSuccessor ? ' (mặc định)' : ''}${x.entries ? `: ${x.entries} mục được giao` : ''}`).join('; ')}`,
  succeeded: (s, n) =>
    `Kế thừa ${n(s.from)} (giải thể)${s.isDefaultSuccessor ? ', là đơn vị kế thừa mặc định' : ''}${s.assignedEntries ? `, nhận ${s.assignedEntries} mục được giao` : ''}`,
};

async function ministryView(code, at) {
  const [m, names] = await Promise.all([api.ministry(code, { asOf: at.asOf, knownAt: at.knownAt }), ministryNames(at.asOf)]);
  const n = (c) => names.get(c) ?? c;
  return h(
    'div',
    { id: 'ministry', 'data-code': code },
    h('p', null, h('a', { href: link('/bo-nganh') }, '← Các Bộ, ngành')),
    h('h1', null, m.ministry?.name ?? code, ' ', h('span', { class: 'code' }, code)),
    h('p', { class: 'muted' }, 'Thông tin ', asOfSentence(at)),
    h(
      'dl',
      { class: 'facts', id: 'ministry-counts' },
      h('dt', null, 'Tình trạng'),
      h(
        'dd',
        null,
        !m.ministry
          ? 'Chưa thành lập vào ngày này'
          : m.ministry.status === 'in-force'
            ? 'Đang hoạt động'
            : m.ministry.mergedInto
              ? `Đã sáp nhập vào ${n(m.ministry.mergedInto)}`
              : 'Đã chấm dứt',
      ),
      h('dt', null, 'Mục đang có hiệu lực'),
      h('dd', { id: 'count-in-force' }, h('a', { href: link('/', { ministry: code }) }, String(m.entries.inForce))),
      h('dt', null, 'Mục đã rút'),
      h('dd', null, String(m.entries.withdrawn)),
      h('dt', null, 'Phối hợp trong'),
      h('dd', null, `${m.entries.coMinistry} mục`),
    ),
    h('h2', null, 'Quá trình tổ chức lại'),
    h(
      'ol',
      { class: 'timeline', id: 'ministry-timeline' },
      m.timeline.map((s) =>
        h(
          'li',
          { class: `timeline-item ${s.event}`, 'data-event': s.event },
          h(
            'div',
            { class: 'when' },
            h('span', { class: 'effective' }, viDate(s.effectiveDate)),
            h('span', { class: 'recorded' }, `ghi nhận ${viInstant(s.recordedAt)}`),
          ),
          h('div', { class: 'what' }, h('h3', null, (STEP[s.event] ?? (() => s.type))(s, n)), h('p', { class: 'basis' }, 'Căn cứ: ', legalBasis(s.legalBasis))),
        ),
      ),
    ),
  );
}

function renderAuthArea() {
  const el = document.getElementById('auth');
  const tab = document.querySelector('nav.tabs a[data-nav="edit"]');
  const actor = currentActor();
  if (tab) tab.hidden = !actor || actor.role === 'auditor';
  const auditTab = document.querySelector('nav.tabs a[data-nav="audit"]');
  if (auditTab) auditTab.hidden = !actor || !['auditor', 'mic-admin'].includes(actor.role);
  const message = takeAuthMessage();
  const notes = message ? [h('span', { class: 'auth-message', id: 'auth-message', role: 'status' }, message)] : [];
  if (actor && accessToken()) {
    clear(el).append(
      ...notes,
      h(
        'span',
        { class: 'who', id: 'who' },
        h('strong', null, actor.name),
        ` (${ROLE[actor.role] ?? actor.role}${actor.ministry ? `, ${actor.ministry}` : ''})`,
      ),
      h('button', { type: 'button', id: 'sign-out', class: 'secondary', onclick: () => signOut() }, 'Đăng xuất'),
    );
    return;
  }
  if (authMode() === 'oidc') {
    clear(el).append(
      ...notes,
      signInReady()
        ? h('button', { type: 'button', id: 'sign-in', onclick: () => signIn() }, 'Đăng nhập')
        : h('span', { class: 'auth-message', id: 'auth-message' }, 'Chưa cấu hình đăng nhập (OIDC_CLIENT_ID).'),
    );
    return;
  }
  // Development: paste a token from `npm run token`; it stays in this page's memory only.
  const area = h('input', {
    type: 'password',
    id: 'dev-token',
    autocomplete: 'off',
    placeholder: 'Dán mã (token) phát triển',
    'aria-label': 'Mã (token) phát triển',
  });
  const error = h('span', { class: 'auth-message', id: 'auth-error', role: 'alert' });
  clear(el).append(
    ...notes,
    h(
      'form',
      {
        id: 'dev-sign-in',
        class: 'dev-sign-in',
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            await useDevelopmentToken(area.value);
          } catch (err) {
            error.textContent = `Mã không hợp lệ: ${err.message}`;
          }
        },
      },
      area,
      h('button', { type: 'submit', id: 'dev-sign-in-button' }, 'Đăng nhập'),
      error,
    ),
  );
}

// ------------------------------------------------------------------ controls

function wireControls() {
  const { asOf, knownAt, q } = inputs();
  const update = () => {
    const { parts, params } = parseHash();
    const p = new URLSearchParams(params);
    if (asOf.value) p.set('asOf', asOf.value);
    else p.delete('asOf');
    const instant = knownAt.dataset.instant;
    if (instant && knownAt.value === vietnamDay(instant)) p.set('knownAt', instant);
    else if (knownAt.value) p.set('knownAt', knownAt.value);
    else p.delete('knownAt');
    // A cursor belongs to the query it came from: a new date starts from the first page.
    p.delete('cursor');
    p.delete('trang');
    location.hash = `#/${parts.map(encodeURIComponent).join('/')}?${p.toString()}`;
  };
  asOf.addEventListener('change', update);
  knownAt.addEventListener('change', update);
  document.getElementById('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    if (q.value.trim()) go('/tim-kiem', { q: q.value.trim() });
    else update();
  });
}

window.addEventListener('hashchange', render);
phone.addEventListener('change', () => {
  for (const box of document.querySelectorAll('#main .chart-box')) chartRedraws.get(box)?.();
});
// The modules wait for the field model (model.js), so the document may be parsed already.
const whenParsed =
  document.readyState === 'loading' ? new Promise((resolve) => window.addEventListener('DOMContentLoaded', resolve, { once: true })) : Promise.resolve();
whenParsed.then(async () => {
  wireControls();
  await initAuth();
  onAuthChange(() => {
    renderAuthArea();
    render();
  });
  renderAuthArea();
  render();
});
