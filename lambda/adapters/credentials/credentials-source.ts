import * as z from 'zod';
import { CredentialsError } from '../../core/errors';
import type { CbsCredentials } from '../cbs/cbs-http-client';

/** Where the CBS system user's name and password come from. */
export interface CredentialsSource {
  get(): Promise<CbsCredentials>;
}

const credentialsJson = z.object({
  SysUser: z.string().min(1),
  SysPwd: z.string().min(1),
});

/**
 * Reads `{"SysUser": "...", "SysPwd": "..."}`. Errors name what is wrong and where, never the
 * value: JSON.parse's own message quotes the text it choked on, so it is not passed on.
 */
export function parseCredentialsJson(text: string, source: string): CbsCredentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CredentialsError(`${source} is not JSON; expected {"SysUser": "...", "SysPwd": "..."}`);
  }
  const parsed = credentialsJson.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '(root)')))].join(', ');
    throw new CredentialsError(
      `${source} must be {"SysUser": "...", "SysPwd": "..."}; bad or missing: ${fields}`,
    );
  }
  return { sysUser: parsed.data.SysUser, sysPwd: parsed.data.SysPwd };
}
