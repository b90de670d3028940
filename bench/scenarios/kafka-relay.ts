/**
 * Scenario 5 — Kafka relay: RESERVED, not measured yet (owned by the relay's engineer).
 *
 * How to fill it in:
 *  - implement `kafkaRelayScenario(ctx)` below so that it returns result rows
 *    (`bench/lib/results.ts`, scenario '5 kafka relay'): e.g. events/s from the log to the
 *    broker and p99 end-to-end lag, against a control such as a bare producer sending the same
 *    messages (same batch size, same acks);
 *  - run anything heavy in a child process with `runTask` (bench/lib/child.ts) and register
 *    the task in bench/worker.ts;
 *  - a broker is only there when KAFKA_BROKERS is set (see scripts/kafka): without one the
 *    scenario must report itself as skipped, so `npm run bench` keeps working everywhere.
 * `ctx.dataset` is the largest synthetic log of the run (events.db in `ctx.dataset.dir`).
 */
import type { ScenarioContext } from '../lib/context';
import { Row, skippedRow } from '../lib/results';

export const KAFKA_RELAY_SCENARIO = '5 kafka relay';

export async function kafkaRelayScenario(ctx: ScenarioContext): Promise<Row[]> {
  void ctx;
  return [skippedRow(KAFKA_RELAY_SCENARIO, 'relay events/s (reserved: not implemented yet)')];
}
