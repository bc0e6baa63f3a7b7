import { join } from 'node:path';
import { HandlebarsFailureRenderer } from '../../lambda/adapters/render/failure-renderer';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import type { DigestRenderer } from '../../lambda/core/digest-renderer';
import type { FailureRenderer } from '../../lambda/core/failure-notice';

const TEMPLATES = join(__dirname, '..', '..', 'templates');
let digest: HandlebarsRenderer | undefined;
let failure: HandlebarsFailureRenderer | undefined;

/**
 * The digest renderer over the shipped templates, built on its first render and then shared by
 * the test file. Building one reads and compiles every template (seconds on a busy machine): a
 * file that builds it at load time pays that even in a filtered run that selects none of its
 * rendering tests, such as each of StrykerJS's mutant runs.
 */
export const shippedRenderer: DigestRenderer = {
  render: (input) => {
    digest ??= HandlebarsRenderer.fromDirectory(TEMPLATES);
    return digest.render(input);
  },
};

/** The failure-notice renderer over the shipped templates, built on first use like shippedRenderer. */
export const shippedFailureRenderer: FailureRenderer = {
  renderFailure: (notice) => {
    failure ??= HandlebarsFailureRenderer.fromDirectory(TEMPLATES);
    return failure.renderFailure(notice);
  },
};
