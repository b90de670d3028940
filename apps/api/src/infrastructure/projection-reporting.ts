import type { LoggerService } from '@nestjs/common';
import type { ProjectorOptions } from '@ndp/projections';

/**
 * What the projector says in the service's log: a failure once (with the event's position and
 * type), its recovery once, a reset projection, and progress while a new, reset or lagging read
 * model catches up with the log (at most every 2 s, then once when done).
 */
export function projectorReporting(log: Pick<LoggerService, 'log' | 'warn' | 'error'>): ProjectorOptions {
  let lastReport = 0;
  let started = 0;
  return {
    onError: (_e, f) =>
      f.transient
        ? log.error(`read models cannot be written at position ${f.position} (${f.eventType}): ${f.code ?? ''} ${f.message}; retrying until they can`)
        : log.error(
            `projection stopped at position ${f.position} (${f.eventType ?? 'no event'}${f.eventId ? ` ${f.eventId}` : ''}): ${f.code ? `${f.code} ` : ''}${f.message}. ` +
              'Reads show the catalogue up to the position before; writes are still recorded. Repair: stop the service, npm run rebuild.',
          ),
    onRecovered: (f) => log.log(`read models writable again; resumed at position ${f.position}`),
    onReset: (r) => log.warn(`projection ${r.projection} has schema version ${r.storedVersion}, the code has ${r.version}: rebuilding it from the log`),
    onCatchUp: ({ from, position, target, done }) => {
      const now = performance.now();
      if (!started) {
        started = now;
        lastReport = now;
        log.log(`read models at position ${from}, log at ${target}: applying ${target - from} events before ready`);
        if (!done) return;
      }
      if (done) log.log(`read models caught up with the log at position ${position} in ${Math.round(now - started)} ms`);
      else if (now - lastReport >= 2000) {
        lastReport = now;
        log.log(`read models: position ${position} of ${target} (${Math.floor((position / target) * 100)}%)`);
      }
    },
  };
}
