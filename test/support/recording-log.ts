import type { Log } from '../../lambda/core/log';

/** One line a RecordingLog was told: level, message, attributes. */
export type LogLine = [
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  attributes: Record<string, unknown> | undefined,
];

/** A Log that keeps what it was told, in order, for tests that assert what a run logs. */
export class RecordingLog implements Log {
  readonly lines: LogLine[] = [];

  debug(message: string, attributes?: Record<string, unknown>): void {
    this.lines.push(['debug', message, attributes]);
  }

  info(message: string, attributes?: Record<string, unknown>): void {
    this.lines.push(['info', message, attributes]);
  }

  warn(message: string, attributes?: Record<string, unknown>): void {
    this.lines.push(['warn', message, attributes]);
  }

  error(message: string, attributes?: Record<string, unknown>): void {
    this.lines.push(['error', message, attributes]);
  }
}
