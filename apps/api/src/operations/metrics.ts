import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommandObserver } from '../infrastructure/command-executor';
import type { CatalogueRuntime } from '../infrastructure/catalogue-runtime';

/** Prometheus metrics of one process; names follow Prometheus conventions (unit suffixes). */
export class Metrics implements CommandObserver {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'ndp_commands_total',
    help: 'Commands handled, by command and outcome (ok, replayed, rule, forbidden, not-found, conflict, error)',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });
  private readonly commandSeconds = new Histogram({
    name: 'ndp_command_duration_seconds',
    help: 'Time from receiving a command to answering it (includes waiting for projections)',
    labelNames: ['command'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly appendSeconds = new Histogram({
    name: 'ndp_event_store_append_duration_seconds',
    help: 'Durable append latency (commit acknowledged by the event store)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly httpSeconds = new Histogram({
    name: 'ndp_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(runtime: CatalogueRuntime) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ndp_process_' });
    const head = () => runtime.store.headPosition();
    new Gauge({
      name: 'ndp_log_position',
      help: 'Last position in the event log',
      registers: [this.registry],
      async collect() {
        this.set(await head());
      },
    });
    new Gauge({
      name: 'ndp_projection_lag_events',
      help: 'Events in the log not yet in the read models',
      registers: [this.registry],
      async collect() {
        this.set((await head()) - runtime.projector.checkpoint);
      },
    });
    new Gauge({
      name: 'ndp_projection_stopped',
      help: '1 while the projector is stopped at an event it cannot apply (npm run rebuild repairs it), else 0',
      registers: [this.registry],
      collect() {
        this.set(runtime.projector.halted ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ndp_read_models_unwritable',
      help: '1 while the read models cannot be written (full disk, I/O error) and the projector retries, else 0',
      registers: [this.registry],
      collect() {
        this.set(runtime.projector.failure?.transient ? 1 : 0);
      },
    });
    if (runtime.relay) {
      const relay = runtime.relay;
      new Gauge({
        name: 'ndp_relay_lag_events',
        help: 'Events in the log not yet acknowledged by Kafka',
        registers: [this.registry],
        async collect() {
          this.set((await head()) - relay.status().position);
        },
      });
    }
  }

  commandFinished(command: string, outcome: string, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command }, seconds);
  }

  appendFinished(seconds: number): void {
    this.appendSeconds.observe(seconds);
  }
}
