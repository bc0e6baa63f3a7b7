import type { DateTime } from 'luxon';

// Hand-rolled rather than DateTime.toFormat, which was a large share of the cost of a job.
const two = (value: number) => String(value).padStart(2, '0');

/** `2024-08-23-10-00-36`: a job id is its start time, CBS-local. */
export function formatJobId(time: DateTime): string {
  return `${time.year}-${two(time.month)}-${two(time.day)}-${two(time.hour)}-${two(time.minute)}-${two(time.second)}`;
}

/** `2024-08-23 10:00:36`: StartTime/EndTime, CBS-local, no zone. */
export function formatCbsTime(time: DateTime): string {
  return `${time.year}-${two(time.month)}-${two(time.day)} ${two(time.hour)}:${two(time.minute)}:${two(time.second)}`;
}

/** `2024-08-23`: the CBS-local date. */
export function formatCbsDate(time: DateTime): string {
  return `${time.year}-${two(time.month)}-${two(time.day)}`;
}
