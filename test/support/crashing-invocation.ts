/**
 * One invocation of the real handler in its own process, so a test can kill it mid-run (SIGKILL:
 * no finally, no cleanup, as when Lambda's sandbox dies). Argument: the event as JSON and the
 * function's timeout in ms; the environment points it at the stand-ins.
 */
import { handler } from '../../lambda/entry/handler';

const [eventJson = '{}', timeoutMs = '5000'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutMs);
const context = { awsRequestId: 'crashing', getRemainingTimeInMillis: () => deadline - Date.now() };

handler(JSON.parse(eventJson), context as never).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`crashing invocation failed: ${String(error)}\n`);
    process.exit(1);
  },
);
