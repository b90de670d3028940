/**
 * Scenario 5 — Kafka relay: events/s from the log to a real broker (acks=all), the relay as it
 * runs (many events per produce request) against the control of one request per event. The
 * broker is KAFKA_BROKERS when set, otherwise the one scripts/kafka/start.sh starts (Java 17 and
 * Maven needed); without either the scenario reports itself as skipped.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '@ndp/event-store';
import { KafkaRelay, parseBrokers, RelayState } from '@ndp/integration';
import type { ScenarioContext } from '../lib/context';
import { Row, row, skippedRow } from '../lib/results';

export const KAFKA_RELAY_SCENARIO = '5 kafka relay';
const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** KAFKA_BROKERS when set; otherwise a broker this scenario starts (and stops again: `started`). */
async function brokers(): Promise<{ list: string[]; started: boolean } | null> {
  const configured = parseBrokers(process.env.KAFKA_BROKERS);
  if (configured.length) return { list: configured, started: false };
  try {
    const { stdout } = await promisify(execFile)(join(ROOT, 'scripts/kafka/start.sh'), { timeout: 240_000 });
    return { list: [stdout.trim()], started: true };
  } catch {
    return null;
  }
}

/** Relays the log from position 0 until `events` are acknowledged; returns events/s. */
async function relayRate(ctx: ScenarioContext, brokerList: string[], events: number, batching: boolean): Promise<number> {
  const dir = mkdtempSync(join(ctx.workDir, 'relay-'));
  const store = new SqliteEventStore({ path: ctx.dataset.eventsPath, pollMs: 50 });
  const state = new RelayState(join(dir, 'relay.db'));
  const prefix = `bench${Date.now()}${batching ? 'b' : 'u'}.`;
  const relay = new KafkaRelay(store, state, { brokers: brokerList, clientId: 'bench', topicPrefix: prefix, partitions: 6 }, { batching });
  try {
    await relay.ready(); // connected, topics created: not part of the measurement
    const started = performance.now();
    while (state.position < events) await new Promise((r) => setTimeout(r, 5));
    return (state.position / (performance.now() - started)) * 1000;
  } finally {
    await relay.stop();
    state.close();
    await store.close();
  }
}

export async function kafkaRelayScenario(ctx: ScenarioContext): Promise<Row[]> {
  const broker = await brokers();
  if (!broker) return [skippedRow(KAFKA_RELAY_SCENARIO, 'relay events/s (skipped: no broker — set KAFKA_BROKERS or install Java 17 and Maven)')];
  const total = ctx.dataset.events;
  const batched = Math.min(total, ctx.mode === 'quick' ? 20_000 : 100_000);
  const unbatched = Math.min(total, ctx.mode === 'quick' ? 1_000 : 3_000);
  let value: number;
  let control: number;
  try {
    value = await relayRate(ctx, broker.list, batched, true);
    control = await relayRate(ctx, broker.list, unbatched, false);
  } finally {
    // What the benchmark started it also stops.
    if (broker.started) await promisify(execFile)(join(ROOT, 'scripts/kafka/stop.sh'), { timeout: 60_000 }).catch(() => undefined);
  }
  return [
    row(
      KAFKA_RELAY_SCENARIO,
      `events/s to the broker, acks=all (${batched} events; control: one request per event, ${unbatched} events)`,
      'events/s',
      value,
      control,
      'higher',
      {
        text: '≥ 10,000/s and ≥ 5× control',
        met: (v, r) => v >= 10_000 && r !== null && r >= 5,
      },
    ),
  ];
}
