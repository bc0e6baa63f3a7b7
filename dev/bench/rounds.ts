import type { RoundFigures, SizeResult } from './size-result';

/**
 * One size run several times (`--rounds`): the round whose wall / floor is lowest stands for the
 * size in the tables, with every round's figures beside it for the targets. The machine is shared:
 * its load only ever adds time (a run cannot wait on CBS less than the floor), so the best round
 * is the closest to what the code itself costs, and the others say how much the load varied.
 */
export function bestRound(rounds: readonly SizeResult[]): SizeResult {
  const [first, ...others] = rounds;
  if (first === undefined) throw new Error('bestRound needs at least one round');
  let best = first;
  for (const round of others) if (wallPerFloor(round) < wallPerFloor(best)) best = round;
  if (rounds.length === 1) return best;
  return {
    ...best,
    rounds: rounds.map(
      (r): RoundFigures => ({
        wallPerFloor: wallPerFloor(r),
        renderCpuMs: r.figures.renderCpuMs,
        maxRssKb: r.figures.maxRssKb,
        stolenRunMs: r.stolen?.runMs,
      }),
    ),
  };
}

/** How far a run's wall time is over its latency floor. */
export const wallPerFloor = (r: SizeResult): number => r.figures.wallMs / r.floorMs;
