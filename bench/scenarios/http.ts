/**
 * Scenario 4 — HTTP reads on loopback: GET /v1/platforms/{id} and GET /v1/catalogue served by
 * the real application (startApp, in a process of its own) against the control, a bare
 * node:http server (also in a process of its own) answering the same paths with the same
 * status, headers and bytes, captured from the application beforehand. The load generator is
 * a third process: N keep-alive connections (http.Agent), one request in flight on each,
 * bounded by time and by count, 127.0.0.1 only.
 */
import { readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { startApp } from '../../apps/api/src/bootstrap';
import { CatalogueRuntime } from '../../apps/api/src/infrastructure/catalogue-runtime';
import { summarize, Summary } from '../lib/stats';
import { BENCH_JWT_SECRET } from './durable-append';

export interface CapturedResponse {
  path: string;
  /** Set for a conditional request: the answer to `If-None-Match: <this>` (a 304). */
  ifNoneMatch?: string;
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

/** Headers that belong to the connection, not to the answer. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** Tells the parent where it listens (or prints it when run by hand) and stops on request or SIGINT. */
function serving(url: string, stop: () => Promise<void>): void {
  const exit = () => void stop().then(() => process.exit(0));
  if (process.send) process.send({ type: 'ready', info: { url } });
  else process.stdout.write(`listening on ${url}\n`);
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') exit();
  });
  process.once('SIGINT', exit);
}

export async function serveAppTask(a: { dataDir: string; answerCache?: boolean }): Promise<void> {
  // The load generator is a single caller: per-caller rate limits (if this build has them) are
  // turned off so that the figures measure serving, not the limiter's 429s. The guard still runs.
  // answerCache false: every read computes its answer (the cold rows), as with distinct queries.
  const env = {
    JWT_SECRET: BENCH_JWT_SECRET,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
    RATE_LIMIT_AUDIT_PER_MINUTE: '0',
    ...(a.answerCache === false ? { ANSWER_CACHE_MB: '0' } : {}),
  };
  const config = loadConfig(env, { dataDir: a.dataDir, port: 0, host: '127.0.0.1', seed: false });
  const { app, url } = await startApp(config, false);
  const runtime = app.get(CatalogueRuntime);
  await runtime.projector.waitFor(await runtime.store.headPosition(), 600000);
  serving(url, () => app.close());
}

export async function serveBareTask(a: { responsesFile: string }): Promise<void> {
  const captured = JSON.parse(readFileSync(a.responsesFile, 'utf8')) as CapturedResponse[];
  const answers = new Map(
    captured.map((c) => {
      const body = Buffer.from(c.bodyBase64, 'base64');
      const headers = c.status === 304 ? c.headers : { ...c.headers, 'content-length': String(body.length) };
      return [answerKey(c.path, c.ifNoneMatch), { status: c.status, headers, body }] as const;
    }),
  );
  const server = createServer((req, res) => {
    const inm = req.headers['if-none-match'];
    const answer = answers.get(answerKey(req.url ?? '', inm)) ?? answers.get(answerKey(req.url ?? '', undefined));
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  server.keepAliveTimeout = 65000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  serving(`http://127.0.0.1:${port}`, () => new Promise((r) => server.close(() => r())));
}

const answerKey = (path: string, ifNoneMatch: string | undefined) => (ifNoneMatch ? `${path}\n${ifNoneMatch}` : path);

/**
 * Fetches each path once from the application and keeps status, answer headers and body bytes;
 * each of `conditional` (paths among `paths`) once more with If-None-Match: its ETag (the 304).
 */
export async function captureTask(a: { base: string; paths: string[]; conditional?: string[] }): Promise<CapturedResponse[]> {
  const out: CapturedResponse[] = [];
  const requests = [
    ...a.paths.map((path) => ({ path, ifNoneMatch: undefined as string | undefined })),
    ...(a.conditional ?? []).map((path) => ({ path, ifNoneMatch: '' })),
  ];
  for (const r of requests) {
    const { path } = r;
    const ifNoneMatch = r.ifNoneMatch === '' ? (out.find((c) => c.path === path)?.headers.etag ?? '') : undefined;
    if (ifNoneMatch === '') throw new Error(`no ETag on ${path} to revalidate with`);
    const res = await fetch(a.base + path, ifNoneMatch ? { headers: { 'if-none-match': ifNoneMatch } } : {});
    const body = Buffer.from(await res.arrayBuffer());
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!HOP_HEADERS.has(k) && k !== 'content-length') headers[k] = v;
    });
    out.push({ path, ...(ifNoneMatch ? { ifNoneMatch } : {}), status: res.status, headers, bodyBase64: body.toString('base64') });
  }
  return out;
}

export interface LoadArgs {
  base: string;
  paths: string[];
  connections: number;
  warmupMs: number;
  durationMs: number;
  maxRequests: number;
  /** Sent with every request (e.g. If-None-Match for the 304 rows). */
  headers?: Record<string, string>;
  /** The status every answer should have; others count as non200. Default 200. */
  expectStatus?: number;
}

export interface LoadResult {
  requests: number;
  non200: number;
  errors: number;
  seconds: number;
  requestsPerSec: number;
  latency: Summary;
  bytesPerResponse: number;
}

export async function loadTask(a: LoadArgs): Promise<LoadResult> {
  const url = new URL(a.base);
  if (url.hostname !== '127.0.0.1') throw new Error('the load generator only targets 127.0.0.1');
  const agent = new Agent({ keepAlive: true, maxSockets: a.connections, maxFreeSockets: a.connections });
  const get = (path: string) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method: 'GET', agent, headers: a.headers ?? {} }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  const measureFrom = started + a.warmupMs;
  const measureTo = measureFrom + a.durationMs;
  const latencies: number[] = [];
  let requests = 0;
  let non200 = 0;
  let errors = 0;
  let bytes = 0;
  let issued = 0;
  let next = 0;
  const connection = async () => {
    while (performance.now() < measureTo && issued < a.maxRequests) {
      issued++;
      const path = a.paths[next++ % a.paths.length];
      const t0 = performance.now();
      try {
        const r = await get(path);
        const t1 = performance.now();
        if (r.status !== (a.expectStatus ?? 200)) non200++;
        if (t0 >= measureFrom && t1 <= measureTo) {
          latencies.push(t1 - t0);
          requests++;
          bytes += r.bytes;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: a.connections }, () => connection()));
  const ended = Math.min(performance.now(), measureTo);
  agent.destroy();
  const seconds = Math.max(0.001, (ended - measureFrom) / 1000);
  return {
    requests,
    non200,
    errors,
    seconds,
    requestsPerSec: requests / seconds,
    latency: summarize(latencies),
    bytesPerResponse: requests ? bytes / requests : 0,
  };
}
