import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { formatIssues } from './format-issues';
import { type Config, configSchema } from './schema';

/** Validates a parsed config object, failing with every bad field named by its path. */
export function parseConfig(input: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(input, { error: requiredMessage });
  if (!result.success) {
    throw new ConfigError(`${source} is invalid:\n${formatIssues(result.error.issues)}`, result.error.issues);
  }
  return result.data;
}

/** Parses the JSON text of a config file; `source` names the file in errors. */
export function parseConfigText(text: string, source: string): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${source} is not valid JSON: ${(cause as Error).message}`, [], { cause });
  }
  return parseConfig(json, source);
}

/**
 * Reads and validates a config file: the one reader of the function (at cold start, where nothing
 * else could run meanwhile) and the CDK app (at synth time, where constructs are built synchronously).
 */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}: ${(cause as Error).message}`, [], { cause });
  }
  return parseConfigText(text, path);
}

/** zod's default for a missing key is "expected string, received undefined"; say "required". */
function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  return undefined;
}
