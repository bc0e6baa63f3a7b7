/**
 * At most `size` pieces of work at once, the rest started in the order they came. p-limit does
 * this in the adapters; the core imports nothing outside itself (luxon aside), so it keeps this
 * small one.
 */
export class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Runs `work` in a slot: at once when one is free, else when one is handed over. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy < this.size) this.busy += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot goes straight to the next in line, so none can slip in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }
}
