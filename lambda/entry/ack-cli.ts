/**
 * `npm run ack -- --user bob --set 1690000000000 --days 7 --note "laptop in repair"`: acknowledge a
 * known issue (a user, a set, or a job with --job) so the digest shows it under Known issues until
 * it expires (at most 30 days) or the problem changes kind (--kind failed|missed|unknown|error).
 * `npm run ack -- --list` lists them, `npm run ack -- --remove --user bob --set …` removes one.
 * The table is --table or HISTORY_TABLE (the stack's history table; the usual AWS credentials, or
 * a local stand-in through AWS_ENDPOINT_URL_DYNAMODB).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDbAcknowledgementStore } from '../adapters/history/dynamodb-acknowledgement-store';
import { describeTarget } from '../core/acknowledgement';
import { type AckCommand, parseAckEvent, runAckCommand } from './ack-command';

const USAGE = `usage:
  npm run ack -- --user LOGIN [--owner SUBADMIN] [--set ID [--job ID]] --days N --note TEXT [--by NAME] [--kind failed|missed|unknown|error] [--table NAME]
  npm run ack -- --list [--table NAME]
  npm run ack -- --remove --user LOGIN [--owner SUBADMIN] [--set ID [--job ID]] [--table NAME]`;

/** The flags as the event the digest function takes, so both are validated by one schema. */
export function ackCommandOfArgs(args: string[], defaultBy: string): AckCommand {
  const { values } = parseArgs({
    args,
    options: {
      user: { type: 'string' },
      owner: { type: 'string' },
      set: { type: 'string' },
      job: { type: 'string' },
      days: { type: 'string' },
      note: { type: 'string' },
      by: { type: 'string' },
      kind: { type: 'string' },
      label: { type: 'string' },
      list: { type: 'boolean', default: false },
      remove: { type: 'boolean', default: false },
      table: { type: 'string' },
    },
    strict: true,
  });
  const target = { user: values.user, owner: values.owner, set: values.set, job: values.job };
  if (values.list) return parseAckEvent({ listAcks: true });
  if (values.remove) return parseAckEvent({ unack: dropUndefined(target) });
  const days = values.days === undefined ? undefined : Number(values.days);
  return parseAckEvent({
    ack: dropUndefined({
      ...target,
      days,
      note: values.note,
      by: values.by ?? defaultBy,
      kind: values.kind,
      label: values.label,
    }),
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.length === 0) {
    console.log(USAGE);
    process.exitCode = args.length === 0 ? 2 : 0;
    return;
  }
  const { values } = parseArgs({ args, options: { table: { type: 'string' } }, strict: false });
  const table = typeof values.table === 'string' ? values.table : process.env.HISTORY_TABLE;
  if (!table) throw new Error('name the history table with --table or HISTORY_TABLE');
  const command = ackCommandOfArgs(args, `${userInfo().username} (CLI)`);
  const answer = await runAckCommand(
    new DynamoDbAcknowledgementStore({ tableName: table }),
    command,
    new Date(),
  );
  if ('acknowledgements' in answer) {
    if (answer.acknowledgements.length === 0) console.log('no acknowledgements');
    for (const ack of answer.acknowledgements)
      console.log(
        `${describeTarget(ack.target, ack.label)} | ${ack.kind ?? 'any problem'} | until ${ack.expiresAt} | ${ack.by}: ${ack.note}`,
      );
  } else if ('removed' in answer) {
    console.log(answer.found ? `removed: ${answer.removed}` : `nothing held for ${answer.removed}`);
  } else {
    console.log(`acknowledged: ${answer.acknowledged}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
