/** What one run is asked to do; the entry points build it from an invocation event or the CLI. */
export interface DigestRequest {
  /** The instant the run stands for: the scheduled time if known, else now. */
  anchor: Date;
  /** Report for this date (report time zone) instead of the window before `anchor`. */
  date?: string;
  dryRun: boolean;
  trigger: 'schedule' | 'on-demand';
  /** Runs with the same key send at most one email; none for dry runs and plain on-demand runs. */
  idempotencyKey?: string;
}
