import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface WalCheckpointerOptions {
  /** How often the worker is asked to copy the WAL into the database file. */
  intervalMs?: number;
  /**
   * Bound on the WAL file. Beyond it (the worker is behind, or a reader pins old frames) the
   * next tick, or the next commit that calls `enforceBound`, checkpoints on the calling thread
   * with RESTART, as SQLite's auto-checkpoint would have: the event loop pays once, the file
   * stops growing.
   */
  maxWalBytes?: number;
}

/**
 * The worker: its own connection to the same file, running PASSIVE checkpoints when asked.
 * PASSIVE never waits for the writer or for readers, so the main thread's commits are never
 * blocked by it; the fsync of the database file that a checkpoint does happens here, off the
 * event loop. Plain JavaScript, evaluated, so it runs the same under ts-node, jest and dist.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message || e) });
  }
});
`;

export interface CheckpointStats {
  /** PASSIVE checkpoints finished by the worker. */
  background: number;
  /** RESTART checkpoints the calling thread ran (and completed) because the WAL passed its bound. */
  fallback: number;
  lastError: string | null;
}

/**
 * Takes WAL checkpoints off the event loop (docs/operations.md, "WAL checkpoints"): the
 * writing connection's auto-checkpoint is turned off (it ran inside whichever commit crossed
 * 1,000 pages, fsync included), and a worker thread with its own connection checkpoints the
 * file every `intervalMs`. After a complete checkpoint the next commit starts the WAL again
 * from its beginning, and `journal_size_limit` trims the file, so the WAL stays near what is
 * written between two checkpoints; `maxWalBytes` bounds it if the worker falls behind.
 */
export class WalCheckpointer {
  readonly stats: CheckpointStats = { background: 0, fallback: 0, lastError: null };
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private readonly exited: Promise<void>;
  private readonly walPath: string;
  private readonly maxWalBytes: number;
  private inFlight = false;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    path: string,
    options: WalCheckpointerOptions = {},
  ) {
    this.walPath = `${path}-wal`;
    this.maxWalBytes = options.maxWalBytes ?? 64 * 1024 * 1024;
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${Math.floor(this.maxWalBytes / 4)}`);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: require.resolve('better-sqlite3') } });
    this.worker.on('message', (m: { ok: boolean; error?: string }) => {
      this.inFlight = false;
      if (m.ok) this.stats.background++;
      else this.stats.lastError = m.error ?? 'checkpoint failed';
    });
    this.worker.on('error', (e) => {
      this.stats.lastError = e.message;
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // Neither keeps the process alive; close() is what waits for the worker.
    this.worker.unref();
    this.timer = setInterval(() => this.tick(), options.intervalMs ?? 200);
    this.timer.unref();
  }

  /** One round: the fallback if the WAL passed its bound, else a background checkpoint. */
  tick(): void {
    if (this.closed) return;
    if (this.enforceBound()) return;
    if (this.inFlight) return;
    this.inFlight = true;
    this.worker.postMessage('checkpoint');
  }

  /**
   * The fallback alone, for the writer to call after each commit: the bound then holds to one
   * commit's worth even when the timer is late (a busy machine). One stat() when within it.
   * Returns whether it had to checkpoint.
   */
  enforceBound(): boolean {
    if (this.closed || this.walBytes() <= this.maxWalBytes) return false;
    // SQLite refuses it (busy) while the worker's round holds the checkpoint lock; tick() sends
    // no new round while the WAL is over the bound, so the next commit's attempt gets through.
    const [r] = this.db.pragma('wal_checkpoint(RESTART)') as Array<{ busy: number }>;
    if (r?.busy === 0) this.stats.fallback++;
    return true;
  }

  walBytes(): number {
    try {
      return statSync(this.walPath).size;
    } catch {
      return 0;
    }
  }

  /** Stops the timer and the worker (its connection closed); call before closing `db`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    // Held from here on: an unref'd worker is nothing the event loop waits for, and a process
    // with nothing else to do would exit in the middle of this await.
    this.worker.ref();
    this.worker.postMessage('close');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, 5000, 'timeout')));
    const outcome = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') await this.worker.terminate();
  }
}
