/**
 * Scenario 8 — the viewer's home page at national scale (issue 16: "with 10,000 entries the
 * home page downloads 4.9 MB of JSON, takes 8 s"). The real application (the `serve-app` task,
 * a process of its own) on a log with 10,000 entries; the machine's Chromium (the launcher the
 * viewer's tests use, test/support/browser.ts) loads `/` with its cache disabled, several times:
 *
 * - time: from navigation start to the first page of the catalogue rendered (the view marked
 *   ready with its first entry row in the DOM), read in the page (`performance.now()` on the
 *   animation frame it appears);
 * - bytes: every response of the load, as Chromium's network stack counted them
 *   (`Network.loadingFinished.encodedDataLength`: headers and body as transferred, compressed
 *   if the server compressed), until the network is idle.
 *
 * Control, in the same run and the same page: the unpaged catalogue (`GET /v1/catalogue`, what
 * the page used to download) fetched and parsed, bytes counted the same way.
 *
 * Dataset: the run's largest log in a full run (1M events: 10,000 entries × 100 events). In
 * quick mode, and with `--only=viewer`, a log of its own is written first: 10,000 entries × 1
 * event (registrations only, ~10 s of setup), so the page holds the same number of entries as
 * in a full run, with a shorter history behind each.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../../test/support/browser';
import { runTask, startServer } from '../lib/child';
import type { ScenarioContext } from '../lib/context';
import type { Dataset } from '../lib/dataset';
import { Row, row } from '../lib/results';

export const VIEWER_SCENARIO = '8 viewer home page';
const ENTRIES = 10_000;
const SEED = 2765;

interface Load {
  ms: number;
  bytes: number;
  requests: number;
}

export interface ViewerResult {
  dataset: string;
  entries: number;
  loads: Load[];
  controls: Load[];
  home: Load;
  control: Load;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Sums what Chromium's network stack transferred for each request, from the call until `stop()`. */
function countBytes(cdp: CDPSession): { stop: () => { bytes: number; requests: number } } {
  let bytes = 0;
  let requests = 0;
  const finished = (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests += 1;
  };
  cdp.on('Network.loadingFinished', finished);
  return {
    stop: () => {
      cdp.off('Network.loadingFinished', finished);
      return { bytes, requests };
    },
  };
}

async function loadHome(page: Page, cdp: CDPSession, url: string): Promise<Load> {
  await page.goto('about:blank');
  await cdp.send('Network.clearBrowserCache');
  const counter = countBytes(cdp);
  await page.goto(`${url}/`, { waitUntil: 'commit' });
  // The first page rendered: the view is ready and holds an entry row. Time since navigation start.
  const handle = await page.waitForFunction(
    () => (document.querySelector('#main .view[data-ready="true"] #catalogue section.ministry tbody tr') ? performance.now() : null),
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await page.waitForLoadState('networkidle');
  const { bytes, requests } = counter.stop();
  return { ms, bytes, requests };
}

async function fetchUnpaged(page: Page, cdp: CDPSession): Promise<Load> {
  await cdp.send('Network.clearBrowserCache');
  const counter = countBytes(cdp);
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    const r = await fetch('/v1/catalogue', { cache: 'no-store', headers: { accept: 'application/json' } });
    const body = (await r.json()) as { platforms: unknown[] };
    if (!r.ok || !Array.isArray(body.platforms)) throw new Error(`GET /v1/catalogue answered ${r.status}`);
    return performance.now() - t0;
  });
  // loadingFinished can trail the promise by a moment: wait for the network to settle.
  await page.waitForLoadState('networkidle');
  const { bytes, requests } = counter.stop();
  return { ms, bytes, requests };
}

/** Loads the home page `loads` times against a service on `dataDir`, and the control as often. */
export async function measureViewer(dataDir: string, label: string, loads: number, log: (m: string) => void): Promise<ViewerResult> {
  log(`viewer: starting the application on the ${label} log`);
  const app = await startServer<{ url: string }>('serve-app', { dataDir });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const home: Load[] = [];
    const control: Load[] = [];
    // One unmeasured load first: the server's and the browser's first-use costs are not the page's.
    await loadHome(page, cdp, app.info.url);
    for (let i = 0; i < loads; i++) {
      home.push(await loadHome(page, cdp, app.info.url));
      control.push(await fetchUnpaged(page, cdp));
      log(
        `viewer: load ${i + 1}/${loads}: ${home[i].ms.toFixed(0)} ms, ${(home[i].bytes / 1024).toFixed(0)} KiB; control ${control[i].ms.toFixed(0)} ms, ${(control[i].bytes / 1024).toFixed(0)} KiB`,
      );
    }
    const total = await page.evaluate(async () => ((await (await fetch('/v1/catalogue?limit=1')).json()) as { total: number }).total);
    const summary = (xs: Load[]): Load => ({
      ms: median(xs.map((x) => x.ms)),
      bytes: median(xs.map((x) => x.bytes)),
      requests: median(xs.map((x) => x.requests)),
    });
    return { dataset: label, entries: total, loads: home, controls: control, home: summary(home), control: summary(control) };
  } finally {
    await browser.close();
    await app.stop();
  }
}

/** A log of 10,000 registrations in `workDir` (quick mode and --only=viewer). */
export async function viewerDataset(workDir: string, log: (m: string) => void): Promise<{ dir: string; label: string }> {
  const dir = join(workDir, 'viewer-10k-entries');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const built = await runTask<Dataset>('build-dataset', { seed: SEED, entries: ENTRIES, versions: 1, dir });
  log(`viewer: ${built.events} events written in ${(built.buildMs / 1000).toFixed(1)} s`);
  return { dir, label: `${ENTRIES.toLocaleString('en-US')} entries × 1 event` };
}

export function viewerRows(r: ViewerResult): Row[] {
  const S = `${VIEWER_SCENARIO} (${r.entries.toLocaleString('en-US')} entries in force; ${r.dataset})`;
  return [
    row(
      S,
      `first page of the catalogue rendered, median of ${r.loads.length} cold loads (control: fetch + parse the unpaged catalogue)`,
      'ms',
      r.home.ms,
      r.control.ms,
      'lower',
      {
        text: '< 1,500 ms',
        met: (v) => v < 1500,
      },
    ),
    row(
      S,
      `bytes transferred by the load, all ${r.home.requests} requests (control: the unpaged catalogue)`,
      'KiB',
      r.home.bytes / 1024,
      r.control.bytes / 1024,
      'lower',
      {
        text: '< 300 KB',
        met: (v) => v * 1024 < 300_000,
      },
    ),
  ];
}

/** The scenario in a run: the run's largest log in full mode, its own 10,000-entry log in quick mode. */
export async function viewerScenario(ctx: ScenarioContext, log: (m: string) => void): Promise<Row[]> {
  const own = ctx.mode === 'quick' ? await viewerDataset(ctx.workDir, log) : null;
  try {
    const dir = own?.dir ?? ctx.dataset.dir;
    const label = own?.label ?? `${ctx.dataset.label} log`;
    return viewerRows(await measureViewer(dir, label, ctx.mode === 'quick' ? 3 : 5, log));
  } finally {
    if (own) rmSync(own.dir, { recursive: true, force: true });
  }
}
