import { IANAZone } from 'luxon';

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * An IANA zone that remembers its UTC offset per quarter hour. Luxon asks `Intl` for the offset
 * on every local-time computation, which made it most of the cost of a job in the simulator and of
 * formatting a time in the digest; zones switch offsets only on quarter hours (true of every zone
 * since 1972), so the cache is exact. The CBS time reader, the digest's formatter and the simulator
 * use it.
 */
export class CachedIanaZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  /** `maxEntries` quarter hours are kept; then the cache starts afresh. */
  constructor(
    name: string,
    private readonly maxEntries = 100_000,
  ) {
    super(name);
  }

  override offset(ts: number): number {
    const quarter = Math.floor(ts / QUARTER_HOUR_MS);
    const cached = this.offsets.get(quarter);
    if (cached !== undefined) return cached;
    const offset = super.offset(ts);
    if (this.offsets.size >= this.maxEntries) this.offsets.clear();
    this.offsets.set(quarter, offset);
    return offset;
  }
}

/** Quarter hours kept per zone, and zones kept: a run touches a few hundred of the one, a few of the other. */
const MAX_CACHED = 10_000;
const ZONES = new Map<string, CachedIanaZone>();

/**
 * The one remembering zone of each name, shared by the CBS time reader and the digest's
 * formatter, so an offset either of them asked for is known to both.
 */
export function cachedZone(name: string): CachedIanaZone {
  let zone = ZONES.get(name);
  if (zone === undefined) {
    zone = new CachedIanaZone(name, MAX_CACHED);
    if (ZONES.size >= MAX_CACHED) ZONES.clear();
    ZONES.set(name, zone);
  }
  return zone;
}
