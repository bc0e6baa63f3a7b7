/**
 * `npm run digest -- --config FILE [--date YYYY-MM-DD] [--dry-run] [--out DIR]`: the digest for a
 * real CBS from a workstation. Credentials come from CBS_SYS_USER/CBS_SYS_PWD when both are set,
 * else from the SSM parameter the config names (with the usual AWS credentials). Without
 * --dry-run the digest is sent through SES.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EnvCredentials } from '../adapters/credentials/env-credentials';
import type { RenderedDigest } from '../core/digest-renderer';
import { runOrReport } from '../core/run-or-report';
import { parseInvocationEvent } from './invocation-event';
import { createRuntime, runDependencies } from './runtime';

const USAGE = 'usage: npm run digest -- --config FILE [--date YYYY-MM-DD] [--dry-run] [--out DIR]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      date: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      out: { type: 'string', default: 'out' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help || !values.config) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const request = parseInvocationEvent(
    { ...(values.date ? { date: values.date } : {}), dryRun: values['dry-run'] },
    new Date(),
  );
  const runtime = await createRuntime({
    configPath: resolve(values.config),
    ...(EnvCredentials.isConfigured() ? { credentials: new EnvCredentials() } : {}),
  });
  const { summary, rendered, audiences } = await runOrReport(
    runDependencies(runtime),
    runtime.settings,
    request,
  );

  const outDir = resolve(values.out);
  const files = await writeDigest(outDir, rendered);
  // Each audience's digest in a folder of its name (a plain word, checked by the config schema).
  for (const audience of audiences)
    if (audience.rendered) files.push(...(await writeDigest(join(outDir, audience.name), audience.rendered)));
  const sent = summary.sent
    ? `sent (${summary.messageId})`
    : summary.quiet && !summary.dryRun
      ? 'not sent (all clear, report.sendWhen attention)'
      : 'not sent (dry run)';
  console.log(`${summary.subject} | ${sent} | ${files.join(' ')}`);
}

/** The digest's HTML, text and attachments in `dir`; the paths written. */
async function writeDigest(dir: string, rendered: RenderedDigest): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'digest.html'), join(dir, 'digest.txt')];
  await writeFile(join(dir, 'digest.html'), rendered.html);
  await writeFile(join(dir, 'digest.txt'), rendered.text);
  for (const attachment of rendered.attachments ?? []) {
    files.push(join(dir, attachment.filename));
    await writeFile(join(dir, attachment.filename), attachment.content);
  }
  return files;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
