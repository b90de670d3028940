import { Logger } from '@nestjs/common';
import { startApp } from './bootstrap';
import { loadConfig } from './config/app-config';
import { createJsonLogger, NestJsonLogger } from './operations/json-logger';

async function main() {
  const config = loadConfig();
  const json = createJsonLogger();
  const { url, seeded } = await startApp(config, new NestJsonLogger(json), json);
  const logger = new Logger('ndp-catalogue');
  if (seeded) logger.log('empty store: loaded the catalogue of dispatch 2765/BTTTT-CĐSQG');
  logger.log(`serving on ${url} (API under /v1, docs at /docs); data in ${config.dataDir}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
