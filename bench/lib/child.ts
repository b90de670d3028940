/**
 * Each measurement runs in a child process of its own (bench/worker.ts), so that peak RSS,
 * heap and JIT state belong to one scenario, and so that a load generator and the server it
 * loads never share an event loop.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

const WORKER = join(__dirname, '..', 'worker.js');
const ALIASES = join(__dirname, 'aliases.js');

export interface TaskOptions {
  /** V8 old-space limit for the child, in MiB. */
  maxOldSpaceMb?: number;
  timeoutMs?: number;
  env?: Record<string, string>;
}

type Message = { type: 'result'; result: unknown } | { type: 'ready'; info: unknown } | { type: 'error'; message: string; stack?: string };

function spawnWorker(task: string, args: unknown, o: TaskOptions): ChildProcess {
  const execArgv = ['-r', ALIASES];
  if (o.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${o.maxOldSpaceMb}`);
  return fork(WORKER, [task, JSON.stringify(args)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...(o.env ?? {}) } });
}

/** Runs one task to completion in a fresh process and returns what it reported. */
export function runTask<T>(task: string, args: unknown, o: TaskOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnWorker(task, args, o);
    let settled = false;
    const timer = setTimeout(
      () => {
        if (settled) return;
        settled = true;
        child.kill('SIGKILL');
        reject(new Error(`task ${task} timed out after ${o.timeoutMs} ms`));
      },
      o.timeoutMs ?? 30 * 60 * 1000,
    );
    child.on('message', (m: Message) => {
      if (settled) return;
      if (m.type === 'result') {
        settled = true;
        resolve(m.result as T);
      } else if (m.type === 'error') {
        settled = true;
        reject(new Error(`task ${task} failed: ${m.message}\n${m.stack ?? ''}`));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(new Error(`task ${task} exited with ${code ?? signal} before reporting`));
      }
    });
  });
}

export interface RunningServer<I> {
  info: I;
  stop(): Promise<void>;
  /** Sends a message and waits for the process's final result (it exits after reporting). */
  finish<T>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

/** Starts a long-running task (a server) and resolves once it reports ready. */
export function startServer<I>(task: string, args: unknown, o: TaskOptions = {}): Promise<RunningServer<I>> {
  return new Promise((resolve, reject) => {
    const child = spawnWorker(task, args, o);
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    let ready = false;
    child.on('message', (m: Message) => {
      if (m.type === 'ready') {
        ready = true;
        resolve({
          info: m.info as I,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.send({ type: 'stop' });
            const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
            await exited;
            clearTimeout(killer);
          },
          finish: <T>(message: Record<string, unknown>, timeoutMs = 60 * 60 * 1000) =>
            new Promise<T>((done, fail) => {
              const timer = setTimeout(() => {
                child.kill('SIGKILL');
                fail(new Error(`${task} did not finish within ${timeoutMs} ms`));
              }, timeoutMs);
              child.on('message', (m: Message) => {
                if (m.type === 'result') {
                  clearTimeout(timer);
                  done(m.result as T);
                } else if (m.type === 'error') {
                  clearTimeout(timer);
                  fail(new Error(`${task} failed: ${m.message}\n${m.stack ?? ''}`));
                }
              });
              child.on('exit', (code) => {
                clearTimeout(timer);
                fail(new Error(`${task} exited with ${code} before reporting`));
              });
              child.send(message);
            }),
        });
      } else if (m.type === 'error' && !ready) reject(new Error(`server ${task} failed: ${m.message}`));
    });
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`server ${task} exited with ${code} before it was ready`));
    });
  });
}
