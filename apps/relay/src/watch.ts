/**
 * ndp-watch: prints catalogue changes as they arrive, e.g. for one ministry.
 *   node dist/apps/relay/apps/relay/src/watch.js --ministry BTC [--group my-team] [--from-beginning] [--json]
 * Brokers from --brokers or KAFKA_BROKERS. Messages that do not match the schema are reported
 * on stderr (and appended to --rejected FILE) and skipped.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CatalogueEventV1, CatalogueWatcher, parseBrokers } from '@ndp/integration';

function detail(e: CatalogueEventV1): string {
  switch (e.type) {
    case 'platform.amended':
    case 'platform.corrected':
      return Object.entries(e.change.changes)
        .map(([k, v]) => `${k} → ${JSON.stringify(v)}`)
        .join(', ');
    case 'platform.transferred':
      return `${e.change.fromMinistry} → ${e.change.toMinistry}${e.change.reorganisation ? ` (${e.change.reorganisation.kind} of ${e.change.reorganisation.ministry})` : ''}`;
    case 'platform.co-ministries-reassigned':
      return e.change.replaced.map((r) => `${r.from} → ${r.to ?? '–'}`).join(', ');
    case 'ministry.merged':
      return `→ ${e.change.into}`;
    case 'ministry.dissolved':
      return `→ ${e.change.defaultSuccessor}${Object.keys(e.change.assignments).length ? ` (${Object.keys(e.change.assignments).length} entries assigned elsewhere)` : ''}`;
    default:
      return '';
  }
}

function describe(e: CatalogueEventV1): string {
  const subject = e.platform
    ? `${e.platform.ministry} ${e.platform.name}`
    : e.ministry
      ? `${e.ministry.code} ${e.ministry.name}`
      : `edition ${e.edition?.documentNumber}`;
  const what = detail(e);
  const basis = e.legalBasis ? ` [${e.legalBasis.documentNumber}]` : '';
  return `${e.effectiveDate}  ${e.type.padEnd(20)}  ${subject}${what ? `  ${what}` : ''}${basis}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ministry: { type: 'string' },
      group: { type: 'string' },
      brokers: { type: 'string' },
      prefix: { type: 'string' },
      'from-beginning': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      rejected: { type: 'string' },
    },
  });
  const brokers = parseBrokers(values.brokers ?? process.env.KAFKA_BROKERS);
  if (brokers.length === 0) throw new Error('give --brokers or KAFKA_BROKERS');
  const watcher = new CatalogueWatcher(
    { brokers, clientId: 'ndp-watch', topicPrefix: values.prefix ?? process.env.KAFKA_TOPIC_PREFIX ?? '', partitions: 1 },
    {
      groupId: values.group ?? `ndp-watch-${values.ministry ?? 'all'}`,
      ministry: values.ministry,
      fromBeginning: values['from-beginning'],
      onChange: (e) => {
        process.stdout.write((values.json ? JSON.stringify(e) : describe(e)) + '\n');
      },
      onRejected: (r) => {
        const line = JSON.stringify({ rejected: r });
        process.stderr.write(line + '\n');
        if (values.rejected) appendFileSync(values.rejected, line + '\n');
      },
    },
  );
  await watcher.start();
  const stop = async () => {
    await watcher.stop();
    process.stderr.write(JSON.stringify({ stats: watcher.stats }) + '\n');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
