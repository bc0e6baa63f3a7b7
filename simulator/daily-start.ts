import { hashString } from './prng';

const EVENING_FROM = 20 * 3600;
const EVENING_TO = 23 * 3600 + 30 * 60;

/**
 * The one start time of a daily set: between 20:00 and 23:30 CBS-local, the same HH:mm:ss on
 * every date. One job per calendar date at a fixed local time means any 24-hour window holds
 * exactly one start of the set: consecutive starts are 24 h apart. (The exception is the
 * night a DST switch makes a day 23 or 25 hours long: then a window can hold two or none.)
 */
export function dailyEveningStart(...key: readonly (string | number)[]): number {
  return EVENING_FROM + (hashString(key.join('|')) % (EVENING_TO - EVENING_FROM + 1));
}

/** `perDay` start times spread evenly through the day, at a per-set offset into the first slot. */
export function spreadStarts(perDay: number, ...key: readonly (string | number)[]): number[] {
  const interval = Math.floor(86_400 / perDay);
  const offset = hashString(key.join('|')) % interval;
  return Array.from({ length: perDay }, (_, index) => offset + index * interval);
}
