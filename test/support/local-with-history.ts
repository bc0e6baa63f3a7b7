import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistoryTable, type DynamoDbLocal, startDynamoDbLocal } from '../../dev/local/dynamodb-local';
import { applyEnv, type LocalEnvironment, startLocalEnvironment } from '../../dev/local/local-environment';

export interface LocalWithHistory {
  local: LocalEnvironment;
  dynamo: DynamoDbLocal;
  /** The history table in dynalite, named by HISTORY_TABLE while this runs. */
  table: string;
  /** A fresh folder for config files. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * The loopback stand-ins (simulator's demo scenario at `now`, SSM, SES) plus dynalite holding a
 * history table, with this process's environment pointing the SDK at them until `stop`.
 */
export async function startLocalWithHistory(now: Date, table: string): Promise<LocalWithHistory> {
  const local = await startLocalEnvironment({ scenario: 'demo', now: () => now });
  const dynamo = await startDynamoDbLocal();
  await createHistoryTable(dynamo.url, table);
  const dir = await mkdtemp(join(tmpdir(), 'backup-digest-'));
  const restoreEnv = applyEnv({
    ...local.env,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    HISTORY_TABLE: table,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
  });
  return {
    local,
    dynamo,
    table,
    dir,
    async stop() {
      restoreEnv();
      await Promise.all([dynamo.stop(), local.stop(), rm(dir, { recursive: true, force: true })]);
    },
  };
}

/** A link token whose payload was changed after signing: what a forger can make without the key. */
export function forged(token: string, change: Record<string, unknown>): string {
  const [body, mac] = token.split('.');
  const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Record<string, unknown>;
  return `${Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url')}.${mac}`;
}
