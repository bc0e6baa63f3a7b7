import { join } from 'node:path';
import { writeJson } from '../../dev/local/local-environment';
import { resetRuntimeForTests } from '../../lambda/entry/handler';

/**
 * Writes `config` to a fresh file in `dir` and points the handler at it, as the stack's bundle
 * does with config.json; the next invocation builds its runtime from it.
 */
export async function useConfig(dir: string, config: unknown): Promise<string> {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeJson(path, config);
  process.env.CONFIG_PATH = path;
  resetRuntimeForTests();
  return path;
}
