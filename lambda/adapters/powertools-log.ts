import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../core/log';
import { capLogLine } from './log-line-cap';

/**
 * The one logger: structured JSON lines through Powertools, one key per fact. Every line is cut to
 * LOG_LINE_MAX_BYTES here, whoever logs what: long strings, long lists and deep nesting say what was cut.
 */
export function createLog(logger: Logger = new Logger({ serviceName: 'backup-digest' })): Log {
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, attributes?: Record<string, unknown>): void => {
      const line = capLogLine(message, attributes);
      if (line.attributes) logger[level](line.message, line.attributes);
      else logger[level](line.message);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
