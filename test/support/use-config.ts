import { join } from 'node:path';
import { writeJson } from '../../dev/local/local-environment';
import { createHandler, type DigestHandler } from '../../lambda/entry/handler';
import { createRuntime } from '../../lambda/entry/runtime';

/** A handler of its own, with the production runtime built from the config file at `configPath`. */
export function handlerFor(configPath: string): DigestHandler {
  return createHandler(() => createRuntime({ configPath }));
}

/**
 * Writes `config` to a fresh file in `dir`, as the stack's bundle ships config.json, and returns a
 * handler built from it: its first invocation reads the config and the environment.
 */
export async function handlerWithConfig(dir: string, config: unknown): Promise<DigestHandler> {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeJson(path, config);
  return handlerFor(path);
}
