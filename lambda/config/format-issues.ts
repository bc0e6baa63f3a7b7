import type { z } from 'zod';

/** Turns a path such as ['watch', 'jobs', 3, 'backupSetId'] into `watch.jobs[3].backupSetId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per issue, `path: message`, in the order zod found them. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`).join('\n');
}
