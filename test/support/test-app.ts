import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mintToken } from '@ndp/auth';
import type { Role } from '@ndp/catalogue';
import { startApp } from '../../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

/**
 * Tests make thousands of requests in seconds: the rate limits are raised out of their way
 * unless a test sets its own (test/hardening.e2e-spec.ts proves the 429 with a low limit).
 */
export const TEST_RATE_LIMITS = {
  RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
  RATE_LIMIT_READS_PER_MINUTE: '1000000',
  RATE_LIMIT_AUDIT_PER_MINUTE: '1000000',
};

export interface TestApp {
  url: string;
  app: INestApplication;
  dataDir: string;
  config: AppConfig;
  token(role: Role, ministry?: string, sub?: string): string;
  /** Number of events in the SQLite log file, read independently of the service. */
  logLength(): number;
  close(): Promise<void>;
  /** Stops the service and starts a new one on the same data directory. */
  restart(): Promise<TestApp>;
}

/**
 * The real service on a fresh SQLite data directory, listening on a free loopback port.
 * `now` replaces the server clock where a test needs recorded times it can name.
 */
export async function startTestApp(options: { seed?: boolean; dataDir?: string; now?: () => Date; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ndp-e2e-'));
  const config = loadConfig(
    { JWT_SECRET: TEST_SECRET, ...TEST_RATE_LIMITS, ...(options.env ?? {}) },
    { dataDir, port: 0, host: '127.0.0.1', seed: options.seed ?? false, ...(options.now ? { now: options.now } : {}) },
  );
  const { app, url } = await startApp(config, false);
  const self: TestApp = {
    url,
    app,
    dataDir,
    config,
    token: (role, ministry, sub) =>
      mintToken({ sub: sub ?? `${role}:${ministry ?? 'all'}`, name: `Test ${role} ${ministry ?? ''}`.trim(), role, ministry }, config.jwt),
    logLength: () => {
      const db = new Database(join(dataDir, 'events.db'), { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    close: () => app.close(),
    restart: async () => {
      await app.close();
      return startTestApp({ ...options, dataDir, seed: false });
    },
  };
  return self;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A small fetch wrapper: JSON in, parsed JSON (or problem+json) out. */
export function client(base: string, token?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('PATCH', path, body, headers),
    call,
  };
}

export const LEGAL = { documentNumber: '15/QĐ-TEST', issuedOn: '2024-07-01', signer: 'Người ký' };

/** Registers ministries and returns their codes; `effectiveDate` defaults to 2024-01-01. */
export async function registerMinistries(t: TestApp, ministries: Array<{ code: string; name: string; effectiveDate?: string }>) {
  const admin = client(t.url, t.token('mic-admin'));
  for (const m of ministries) {
    const r = await admin.post('/v1/ministries', { effectiveDate: '2024-01-01', ...m });
    if (r.status !== 201) throw new Error(`ministry ${m.code}: ${r.status} ${r.text}`);
  }
}

export function platformBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Cổng công khai ngân sách nhà nước',
    kind: 'portal',
    ownerMinistry: 'BTC',
    deploymentStatus: 'operational',
    effectiveDate: '2024-05-01',
    ...overrides,
  };
}
