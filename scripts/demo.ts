/**
 * `npm run demo`: the whole production path on loopback, no AWS account needed. Starts the CBS
 * simulator, an SSM stand-in and aws-ses-v2-local, invokes the real Lambda handler, then writes
 * the email SES received to out/.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { applyEnv, demoConfig, startLocalEnvironment, writeJson } from '../local/local-environment';

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? 'out');
  const local = await startLocalEnvironment({ scenario: 'demo' });
  try {
    const configPath = join(outDir, 'demo.config.json');
    await writeJson(configPath, demoConfig(local.simulator));
    const restore = applyEnv({ ...local.env, CONFIG_PATH: configPath, POWERTOOLS_LOG_LEVEL: 'ERROR' });
    try {
      // Imported after the environment is set, as Lambda would load it.
      const { handler, isSkipped } = await import('../lambda/handler');
      const result = await handler({});
      if (isSkipped(result)) throw new Error(`run skipped: ${result.reason}`);
      const email = (await local.ses.emails()).find((e) => e.messageId === result.messageId);
      if (!email) throw new Error(`SES stand-in holds no message ${result.messageId}`);
      const files = {
        html: join(outDir, 'digest.html'),
        text: join(outDir, 'digest.txt'),
        eml: join(outDir, 'digest.eml'),
      };
      await writeFile(files.html, email.body.html ?? '');
      await writeFile(files.text, email.body.text ?? '');
      await writeFile(files.eml, await local.ses.rawMessage(email.messageId));
      console.log(
        `${email.subject} | sent to ${email.destination.to.join(', ')} | ${files.html} ${files.text} ${files.eml}`,
      );
    } finally {
      restore();
    }
  } finally {
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
