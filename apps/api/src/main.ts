import { Logger } from '@nestjs/common';
import { startApp } from './bootstrap';
import { loadConfig } from './config/app-config';
import { acquireDataDirLock } from './infrastructure/data-dir-lock';
import { createJsonLogger, NestJsonLogger } from './operations/json-logger';

async function main() {
  const config = loadConfig();
  // One writer per DATA_DIR: a second service (or a rebuild, an import…) is refused here, by name.
  const lock = acquireDataDirLock(config.dataDir, 'service');
  const json = createJsonLogger();
  const { url, seeded } = await startApp(config, new NestJsonLogger(json), json);
  // The runtime now holds the lock too (counted); it lets go of it when the service shuts down.
  lock.release();
  const logger = new Logger('ndp-catalogue');
  if (seeded) logger.log('empty store: loaded the catalogue of dispatch 2765/BTTTT-CĐSQG');
  logger.log(`serving on ${url} (API under /v1, docs at /docs); data in ${config.dataDir}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
