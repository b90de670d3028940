/**
 * Child-process entry of the benchmarks: `node -r …/aliases.js worker.js <task> '<json args>'`.
 * Reports its result to the parent over IPC (bench/lib/child.ts); server tasks report `ready`
 * and keep running until told to stop.
 */
import { buildDataset, DatasetOptions } from './lib/dataset';
import { durableAppendTask, storeAppendTask } from './scenarios/durable-append';
import { captureTask, loadTask, serveAppTask, serveBareTask } from './scenarios/http';
import { followLiveTask, rawReadTask, rebuildTask } from './scenarios/rebuild';
import { timeTravelTask } from './scenarios/time-travel';
import { pgAppendTask } from './scenarios/postgres';
import { importTask } from './scenarios/import';
import { peerEmmettTask } from './scenarios/peer-emmett';

type Task = (args: never) => unknown;

const TASKS: Record<string, Task> = {
  'build-dataset': (a: DatasetOptions) => buildDataset(a),
  'follow-live': followLiveTask,
  rebuild: rebuildTask,
  'raw-read': rawReadTask,
  'time-travel': timeTravelTask,
  'durable-append': durableAppendTask,
  'store-append': storeAppendTask,
  'serve-app': serveAppTask,
  'serve-bare': serveBareTask,
  capture: captureTask,
  load: loadTask,
  'pg-append': pgAppendTask,
  import: importTask,
  'peer-emmett': peerEmmettTask,
};

const SERVERS = new Set(['serve-app', 'serve-bare', 'follow-live']);

async function main(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const task = TASKS[name];
  if (!task) throw new Error(`unknown task '${name}'`);
  const result = await task(JSON.parse(json ?? '{}') as never);
  if (SERVERS.has(name)) return; // keeps serving until the parent sends 'stop'
  if (process.send) process.send({ type: 'result', result }, () => process.exit(0));
  else process.stdout.write(JSON.stringify(result, null, 2) + '\n'); // run by hand, e.g. under --cpu-prof
}

main().catch((e: unknown) => {
  const error = e instanceof Error ? e : new Error(String(e));
  if (process.send) process.send({ type: 'error', message: error.message, stack: error.stack }, () => process.exit(1));
  else {
    console.error(error);
    process.exit(1);
  }
});
