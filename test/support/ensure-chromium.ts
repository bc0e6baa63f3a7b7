import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Jest globalSetup: the browser test needs Chromium, and nothing may be installed by hand, so
 * `npm test` on a fresh machine installs it here (the script returns at once when it is there).
 */
export default function ensureChromium(): void {
  execFileSync('bash', [join(__dirname, '..', '..', 'dev', 'ensure-chromium.sh')], { stdio: 'inherit' });
}
