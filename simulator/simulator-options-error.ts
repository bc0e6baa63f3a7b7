import type { SimulatorOptions } from './simulator-options';

/** An option is out of range; names the option, and the field inside it when there is one. */
export class SimulatorOptionsError extends Error {
  /** The offending field by its path, e.g. `latencyMs` or `faults[1].probability`. */
  readonly field: string;

  constructor(
    readonly option: keyof SimulatorOptions,
    message: string,
    field: string = option,
  ) {
    super(`simulator option ${field}: ${message}`);
    this.name = 'SimulatorOptionsError';
    this.field = field;
  }
}
