import type { Fault } from './fault';
import { randomFor } from './prng';

interface ArmedFault {
  readonly fault: Fault;
  readonly index: number;
  /** Calls in this fault's scope that reached it so far: what `first` counts. */
  reached: number;
}

/**
 * Decides which call gets which fault. Faults are tried in order and the first that hits answers
 * the call; a call an earlier fault took never reaches the later ones. Whether the n-th call to
 * reach fault i is hit depends only on (seed, i, n), so a run is repeatable and one fault's draws
 * do not shift when another fault's traffic changes.
 */
export class FaultInjector {
  private armed: ArmedFault[] = [];
  private injected = 0;

  constructor(
    private readonly seed: number,
    faults: readonly Fault[],
  ) {
    this.arm(faults);
  }

  /** Replaces the armed faults (already validated); `first` counts start again. */
  arm(faults: readonly Fault[]): void {
    this.armed = faults.map((fault, index) => ({ fault, index, reached: 0 }));
  }

  /** The fault for this call, if any; counts it as injected. `loginName` is read only if a fault needs it. */
  pick(endpoint: string, loginName: () => string | undefined): Fault | undefined {
    for (const armed of this.armed) {
      const { fault } = armed;
      if (fault.endpoint !== undefined && fault.endpoint !== endpoint) continue;
      if (fault.loginName !== undefined && fault.loginName !== loginName()) continue;
      armed.reached += 1;
      if (fault.first !== undefined && armed.reached > fault.first) continue;
      const probability = fault.probability ?? 1;
      if (probability < 1 && randomFor(this.seed, 'fault', armed.index, armed.reached)() >= probability) {
        continue;
      }
      this.injected += 1;
      return fault;
    }
    return undefined;
  }

  /** Calls answered with a fault since the simulator started, across every `arm`. */
  injectedCount(): number {
    return this.injected;
  }
}
