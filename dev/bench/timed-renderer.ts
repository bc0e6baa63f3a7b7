import type { Digest } from '../../lambda/core/digest';
import type { DigestRenderer, RenderedDigest } from '../../lambda/core/digest-renderer';

/** A renderer that times the one it wraps and measures what it produced. */
export class TimedRenderer implements DigestRenderer {
  /** performance.now() when render was first called: collection ends just before. */
  startedAt: number | undefined;
  renderMs = 0;
  /** CPU time (user + system, all threads) spent while rendering: less swayed by other load than wall time. */
  renderCpuMs = 0;
  /** Peak RSS (KiB) of the process when rendering began and when it ended. */
  maxRssBeforeKb = 0;
  maxRssAfterKb = 0;
  htmlBytes = 0;
  textBytes = 0;

  constructor(private readonly inner: DigestRenderer) {}

  render(digest: Digest): RenderedDigest {
    const started = performance.now();
    const cpu = process.cpuUsage();
    this.startedAt ??= started;
    this.maxRssBeforeKb = process.resourceUsage().maxRSS;
    const rendered = this.inner.render(digest);
    this.renderMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    this.renderCpuMs += (used.user + used.system) / 1000;
    this.maxRssAfterKb = process.resourceUsage().maxRSS;
    this.htmlBytes = Buffer.byteLength(rendered.html);
    this.textBytes = Buffer.byteLength(rendered.text);
    return rendered;
  }
}
