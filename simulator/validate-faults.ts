import { ENDPOINT_NAMES, isEndpointName } from './endpoint-names';
import type { Fault, FaultMode } from './fault';
import { MIN_HUGE_BYTES } from './huge-answer';
import { SimulatorOptionsError } from './simulator-options-error';

const SCOPE_KEYS = ['mode', 'endpoint', 'loginName', 'first', 'probability'];
const MODE_KEYS: Record<FaultMode, readonly string[]> = {
  slow: ['delayMs'],
  reset: [],
  'proxy-error': ['status'],
  'html-page': [],
  'malformed-json': [],
  'huge-body': ['bytes'],
  'wrong-credentials': [],
  'password-expired': [],
  'too-many-requests': ['retryAfterSeconds'],
};
const MAX_DELAY_MS = 10 * 60 * 1000;
const MAX_HUGE_BYTES = 1024 * 1024 * 1024;

/**
 * Checks faults given to the simulator and returns copies of them, so that a caller changing its
 * array later does not change what is armed. A typo (an unknown mode, endpoint or key, a
 * probability of 2) fails here, naming the field, rather than silently injecting nothing.
 */
export function validateFaults(faults: unknown): Fault[] {
  if (!Array.isArray(faults)) throw new SimulatorOptionsError('faults', 'must be an array of faults');
  return faults.map((fault, index) => validateFault(fault, `faults[${index}]`));
}

function validateFault(fault: unknown, path: string): Fault {
  if (typeof fault !== 'object' || fault === null || Array.isArray(fault)) {
    throw fail(path, 'must be an object with a mode');
  }
  const record = fault as Record<string, unknown>;
  const mode = record.mode;
  if (typeof mode !== 'string' || !Object.hasOwn(MODE_KEYS, mode)) {
    throw fail(`${path}.mode`, `must be one of ${Object.keys(MODE_KEYS).join(', ')}; got ${show(mode)}`);
  }
  const allowed = [...SCOPE_KEYS, ...MODE_KEYS[mode as FaultMode]];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw fail(`${path}.${key}`, `is not an option of mode ${mode}`);
  }
  const { endpoint, loginName, probability } = record;
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !isEndpointName(endpoint))) {
    throw fail(`${path}.endpoint`, `must be one of ${ENDPOINT_NAMES.join(', ')}; got ${show(endpoint)}`);
  }
  if (loginName !== undefined && (typeof loginName !== 'string' || loginName === '')) {
    throw fail(`${path}.loginName`, `must be a non-empty string; got ${show(loginName)}`);
  }
  integer(record, 'first', path, 1, Number.MAX_SAFE_INTEGER);
  if (
    probability !== undefined &&
    !(typeof probability === 'number' && probability > 0 && probability <= 1)
  ) {
    throw fail(`${path}.probability`, `must be a number in (0, 1]; got ${show(probability)}`);
  }
  if (mode === 'slow') {
    if (record.delayMs === undefined) throw fail(`${path}.delayMs`, 'required for mode slow');
    integer(record, 'delayMs', path, 0, MAX_DELAY_MS);
  }
  if (record.status !== undefined && record.status !== 502 && record.status !== 503) {
    throw fail(`${path}.status`, `must be 502 or 503; got ${show(record.status)}`);
  }
  integer(record, 'bytes', path, MIN_HUGE_BYTES, MAX_HUGE_BYTES);
  integer(record, 'retryAfterSeconds', path, 0, 86_400);
  // Checked key by key above; a copy, so the caller cannot change an armed fault later.
  return { ...record } as unknown as Fault;
}

function integer(record: Record<string, unknown>, key: string, path: string, min: number, max: number): void {
  const value = record[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw fail(`${path}.${key}`, `must be an integer in [${min}, ${max}]; got ${show(value)}`);
  }
}

function fail(field: string, message: string): SimulatorOptionsError {
  return new SimulatorOptionsError('faults', message, field);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON would show NaN, what `--fault ...:first=x` gives, as null.
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}
