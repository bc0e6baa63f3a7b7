/**
 * The latency-bound floor of a run: with `concurrency` calls in flight and each answered after
 * `latencyMs`, a phase of n calls cannot take less than ceil(n / concurrency) round trips, and a
 * phase cannot start before the one it depends on has ended.
 */
export function latencyFloorMs(phases: readonly number[], concurrency: number, latencyMs: number): number {
  return phases.reduce((sum, calls) => sum + Math.ceil(calls / concurrency) * latencyMs, 0);
}

/**
 * The phases of a whole-server run: the user list, then everything else. Listings, set lists and
 * job reports overlap (each user goes on to its reports while others are still being listed), so
 * they form one phase; the only wait that cannot be hidden is for ListUsers.
 */
export function runPhases(calls: Readonly<Record<string, number>>): number[] {
  const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
  const listUsers = calls['2/ListUsers'] ?? 0;
  return listUsers > 0 ? [listUsers, total - listUsers] : [total];
}
