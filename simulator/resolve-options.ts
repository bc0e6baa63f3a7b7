import { IANAZone } from 'luxon';
import type { ResolvedOptions, SimulatorOptions } from './simulator-options';
import { SimulatorOptionsError } from './simulator-options-error';
import { validateFaults } from './validate-faults';

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
