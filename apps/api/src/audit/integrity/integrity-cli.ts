import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ChainHead,
  ChainVerifier,
  checkSignedHead,
  exportLine,
  formatHead,
  parseHead,
  readLog,
  readSqliteLog,
  verifyEventStore,
  verifyLogFile,
  verifySqliteFile,
} from '@ndp/event-store';
import type { ChainVerification, EventStore } from '@ndp/event-store';
import type { AppConfig } from '../../config/app-config';
import { openRemoteEventStore } from '../../infrastructure/event-store-factory';
import { msg } from '../../cli-messages';

/**
 * The auditor's commands:
 *   verify      [--head position:hash]…   check the chain of the configured log (read-only; the service may run)
 *   export-log  --out FILE [--after N]     write the log as JSON Lines with prevHash/hash (read-only)
 *   verify-file FILE [--head position:hash]… [--from position:hash] [--head-file head.json --public-key key.pem]
 *               check an exported file offline: no database, no service
 * Exit code: 0 verified, 2 verification failed, 1 usage or other error.
 */
export const INTEGRITY_COMMANDS = ['verify', 'export-log', 'verify-file'];
export const VERIFICATION_FAILED = 2;

function heads(values: string[] | undefined, option = '--head'): ChainHead[] {
  return (values ?? []).map((v) => {
    const h = parseHead(v);
    if (!h) throw new Error(msg('option.head', option, v));
    return h;
  });
}

function report(result: ChainVerification & Record<string, unknown>): number {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (result.ok) console.error(msg('integrity.ok', result.checked, formatHead(result.head)));
  else console.error(msg('integrity.notOk', String(result.firstBadPosition), String(result.reason)));
  return result.ok ? 0 : VERIFICATION_FAILED;
}

/** The embedded log is read from its file, read-only; another store through the port. */
function externalStore(config: AppConfig): EventStore | null {
  return openRemoteEventStore(config);
}

export async function runIntegrityCommand(command: string, args: string[], configOrNull: AppConfig | null): Promise<number> {
  const needConfig = (): AppConfig => {
    if (!configOrNull) throw new Error(msg('integrity.needsConfig', command));
    return configOrNull;
  };
  if (command === 'verify') {
    const config = needConfig();
    const { values } = parseArgs({ args, options: { head: { type: 'string', multiple: true } } });
    const options = { heads: heads(values.head) };
    const store = externalStore(config);
    if (store) {
      try {
        return report({ ...(await verifyEventStore(store, options)), store: store.name });
      } finally {
        await store.close();
      }
    }
    const file = join(config.dataDir, 'events.db');
    if (!existsSync(file)) throw new Error(msg('file.noLog', file));
    return report({ ...verifySqliteFile(file, options), store: 'sqlite', file });
  }

  if (command === 'export-log') {
    const { values } = parseArgs({ args, options: { out: { type: 'string' }, after: { type: 'string' } } });
    if (!values.out) throw new Error(msg('integrity.exportNeedsOut'));
    const after = Number(values.after ?? 0);
    if (!Number.isSafeInteger(after) || after < 0) throw new Error(msg('option.after'));
    const config = needConfig();
    const tmp = `${values.out}.partial`;
    const fd = openSync(tmp, 'w', 0o640);
    // The export is checked while it is written: the auditor learns at once if the source is already bad.
    const verifier = new ChainVerifier();
    let count = 0;
    let first: number | null = null;
    let last: ChainHead = { position: after, hash: '' };
    const store = externalStore(config);
    try {
      const source: AsyncIterable<unknown> | Iterable<unknown> = store ? readLog(store, after) : skip(readSqliteLog(join(config.dataDir, 'events.db')), after);
      for await (const e of source) {
        if ('undecodable' in (e as object))
          throw new Error(msg('integrity.undecodable', String((e as { position: unknown }).position), (e as { undecodable: string }).undecodable));
        const link = e as Parameters<typeof exportLine>[0];
        writeSync(fd, exportLine(link));
        if (after === 0) verifier.push(link);
        first ??= link.position;
        last = { position: link.position, hash: link.hash ?? '' };
        count++;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      await store?.close();
    }
    renameSync(tmp, values.out);
    const summary = {
      file: values.out,
      events: count,
      fromPosition: first,
      toPosition: last.position,
      head: formatHead(last),
      ...(after === 0 ? { verification: verifier.result() } : {}),
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    console.error(msg('integrity.exported', count, values.out, summary.head));
    return 0;
  }

  if (command === 'verify-file') {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        head: { type: 'string', multiple: true },
        from: { type: 'string' },
        'head-file': { type: 'string', multiple: true },
        'public-key': { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new Error(msg('integrity.oneFile'));
    const file = positionals[0];
    if (!existsSync(file)) throw new Error(msg('file.missing', file));
    const trusted = heads(values.head);
    const signed: Array<{ file: string; keyId: string; signedAt: string }> = [];
    for (const headFile of values['head-file'] ?? []) {
      if (!values['public-key']) throw new Error(msg('integrity.needsKey'));
      const statement = JSON.parse(readFileSync(headFile, 'utf8'));
      const problem = checkSignedHead(statement, readFileSync(values['public-key'], 'utf8'));
      if (problem) {
        console.error(msg('integrity.badSignedHead', headFile, problem));
        return VERIFICATION_FAILED;
      }
      trusted.push({ position: statement.position, hash: statement.hash });
      signed.push({ file: headFile, keyId: statement.keyId, signedAt: statement.signedAt });
    }
    const from = values.from ? heads([values.from], '--from')[0] : undefined;
    const result = await verifyLogFile(file, { heads: trusted, from });
    return report({ ...result, file, ...(signed.length ? { signedHeads: signed } : {}) });
  }

  throw new Error(`not an integrity command: ${command}`);
}

function* skip<T extends { position: unknown }>(links: Iterable<T>, after: number): Generator<T> {
  for (const l of links) if (typeof l.position !== 'number' || l.position > after) yield l;
}
