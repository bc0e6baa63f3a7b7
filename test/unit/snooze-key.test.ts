import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { readSnoozeKey, SnoozeKeyError } from '../../lambda/adapters/snooze/snooze-key';

const ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:SnoozeKey-AbCdEf';

function providerAnswering(value: string | Error) {
  const client = new SecretsManagerClient({ region: 'eu-central-1' });
  const mock = mockClient(client);
  if (value instanceof Error) mock.on(GetSecretValueCommand).rejects(value);
  else mock.on(GetSecretValueCommand).resolves({ ARN, SecretString: value });
  return { provider: new SecretsProvider({ awsSdkV3Client: client }), mock };
}

describe('readSnoozeKey', () => {
  test('reads the generated secret once per container (cached)', async () => {
    const key = 'A1'.repeat(32);
    const { provider, mock } = providerAnswering(key);

    expect(await readSnoozeKey(ARN, provider)).toBe(key);
    expect(await readSnoozeKey(ARN, provider)).toBe(key);
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  test('a refused read names the secret and the error, never a value', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    const { provider } = providerAnswering(denied);

    const read = readSnoozeKey(ARN, provider);

    await expect(read).rejects.toThrow(SnoozeKeyError);
    await expect(read).rejects.toThrow(`cannot read the snooze key ${ARN}: AccessDeniedException`);
  });

  test('a key too short to sign with is refused without printing it', async () => {
    const { provider } = providerAnswering('short-key');

    const error = (await readSnoozeKey(ARN, provider).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(SnoozeKeyError);
    expect(error.message).toBe(`the snooze key ${ARN} is not a string of at least 32 characters`);
    expect(error.message).not.toContain('short-key');
  });
});
