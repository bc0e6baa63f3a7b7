/**
 * dynalite in a process of its own, for the bench (see dynamodb-process.ts): sends `{ url }` once
 * it listens, answers `'calls'` with `{ calls }`, and stops when its parent disconnects.
 */
import { startDynamoDbLocal } from '../local/dynamodb-local';

async function main(): Promise<void> {
  const local = await startDynamoDbLocal();
  process.on('message', (message) => {
    if (message === 'calls') process.send?.({ calls: local.calls() });
  });
  process.on('disconnect', () => {
    void local.stop().finally(() => process.exit(0));
  });
  process.send?.({ url: local.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
