import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** One JSON object per line on stdout, for log shippers; Nest's own messages go through it too. */
export function createJsonLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'ndp-catalogue' }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'msg' });
}

export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace, err: message instanceof Error ? { message: message.message, stack: message.stack } : undefined }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
