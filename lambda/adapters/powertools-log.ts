import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../core/log';

/** The one logger: structured JSON lines through Powertools, one key per fact. */
export function createLog(logger: Logger = new Logger({ serviceName: 'backup-digest' })): Log {
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, attributes?: Record<string, unknown>): void => {
      if (attributes) logger[level](message, attributes);
      else logger[level](message);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
