import { IANAZone } from 'luxon';
import type { Fault } from './fault';
import { SimulatorOptionsError } from './simulator-options-error';
import { validateFaults } from './validate-faults';

export { SimulatorOptionsError };

/** How to start a simulator; every field has a default. */
export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 'system'. */
  sysUser?: string;
  /** Default 'sim-password'. */
  sysPwd?: string;
  /** IANA zone of the simulated CBS clock, default 'Europe/Berlin'. */
  timeZone?: string;
  /** The clock, default `() => new Date()`. */
  now?: () => Date;
  /** Delay added to every answer, default 0. */
  latencyMs?: number;
  /** Default 'demo'. */
  scenario?: 'demo' | 'scale';
  /** Scale scenario: number of generated users, default 10. */
  users?: number;
  /** Scale scenario: sets per user, default 3. */
  setsPerUser?: number;
  /** Scale scenario: jobs per set per calendar day, spread through the day; default 1. */
  jobsPerDay?: number;
  /** Seeds the scenario and the faults' probability draws. Default 1. */
  seed?: number;
  /** Faults armed from the start, tried in order; default none. See `Fault`. */
  faults?: readonly Fault[];
}

export type ResolvedOptions = Required<SimulatorOptions>;

/** Applies defaults and validates up front, so a bad option fails at start and not mid-request. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    sysUser: options.sysUser ?? 'system',
    sysPwd: options.sysPwd ?? 'sim-password',
    timeZone: options.timeZone ?? 'Europe/Berlin',
    now: options.now ?? (() => new Date()),
    latencyMs: options.latencyMs ?? 0,
    scenario: options.scenario ?? 'demo',
    users: options.users ?? 10,
    setsPerUser: options.setsPerUser ?? 3,
    jobsPerDay: options.jobsPerDay ?? 1,
    seed: options.seed ?? 1,
    faults: validateFaults(options.faults ?? []),
  };
  if (!IANAZone.isValidZone(resolved.timeZone)) {
    throw new SimulatorOptionsError('timeZone', `"${resolved.timeZone}" is not an IANA time zone`);
  }
  if (resolved.scenario !== 'demo' && resolved.scenario !== 'scale') {
    throw new SimulatorOptionsError(
      'scenario',
      `must be 'demo' or 'scale', got "${String(resolved.scenario)}"`,
    );
  }
  requireInteger('port', resolved.port, 0, 65535);
  requireInteger('users', resolved.users, 0, 9_999_999);
  requireInteger('setsPerUser', resolved.setsPerUser, 1, 1000);
  // More than one job a minute would give two jobs the same id (ids have second precision).
  requireInteger('jobsPerDay', resolved.jobsPerDay, 1, 1440);
  requireInteger('seed', resolved.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (!Number.isFinite(resolved.latencyMs) || resolved.latencyMs < 0) {
    throw new SimulatorOptionsError('latencyMs', `must be a number >= 0, got ${resolved.latencyMs}`);
  }
  if (resolved.sysUser === '' || resolved.sysPwd === '') {
    throw new SimulatorOptionsError(resolved.sysUser === '' ? 'sysUser' : 'sysPwd', 'must not be empty');
  }
  return resolved;
}

function requireInteger(option: keyof SimulatorOptions, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SimulatorOptionsError(option, `must be an integer in [${min}, ${max}], got ${value}`);
  }
}
