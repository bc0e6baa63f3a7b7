import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Digest } from '../../lambda/core/digest';

/**
 * The fixed model of the golden tests: every class of row, sub-admins, a set that ran three times,
 * and CBS values that try markup, formulas, CR/LF and a name too long for a phone. Read afresh on
 * every call, so no test sees another's changes.
 */
export function everyKindOfRow(): Digest {
  const path = join(__dirname, '..', 'fixtures', 'digest', 'every-kind-of-row.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Digest;
}
