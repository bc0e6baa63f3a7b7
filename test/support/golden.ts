import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GOLDEN_DIR = join(__dirname, '..', 'golden');

/** CI sets CI=true; a golden file written there would compare the output with itself. */
function onCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

/**
 * Compares `actual` with test/golden/`name`. The files are written only on request, on a
 * developer's machine (`UPDATE_GOLDEN=1 npx jest test/unit/golden`), and read with a diff before
 * they are committed; anywhere else, and always on CI, they are only compared.
 */
export function expectGolden(name: string, actual: string, env: NodeJS.ProcessEnv = process.env): void {
  const path = join(GOLDEN_DIR, name);
  if (env.UPDATE_GOLDEN === '1') {
    if (onCi(env))
      throw new Error('UPDATE_GOLDEN=1 is refused on CI: golden files are compared there, never written');
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(
      `no golden file ${path}: write it with UPDATE_GOLDEN=1, then read the diff before committing it`,
    );
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
