import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { EnvCredentials } from '../../lambda/adapters/credentials/env-credentials';
import { SsmCredentials } from '../../lambda/adapters/credentials/ssm-credentials';
import { CredentialsError } from '../../lambda/core/errors';

const NAME = '/backup-digest/cbs-credentials';
const SECRET = 's3cr3t-Pa55';

function sourceAnswering(value: string | undefined | Error) {
  const client = new SSMClient({ region: 'us-east-1' });
  const mock = mockClient(client);
  if (value instanceof Error) mock.on(GetParameterCommand).rejects(value);
  else
    mock.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Type: 'SecureString', Value: value } });
  return { source: new SsmCredentials(NAME, new SSMProvider({ awsSdkV3Client: client })), mock };
}

async function failure(promise: Promise<unknown>): Promise<CredentialsError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialsError);
  expect(JSON.stringify({ m: (error as Error).message, s: (error as Error).stack })).not.toContain(SECRET);
  return error as CredentialsError;
}

describe('SsmCredentials', () => {
  test('reads the SecureString with decryption and caches it across calls', async () => {
    const { source, mock } = sourceAnswering(JSON.stringify({ SysUser: 'api', SysPwd: SECRET }));

    expect(await source.get()).toEqual({ sysUser: 'api', sysPwd: SECRET });
    await source.get();

    const calls = mock.commandCalls(GetParameterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ Name: NAME, WithDecryption: true });
  });

  test('a value that is not JSON is named without quoting it', async () => {
    const { source } = sourceAnswering(`SysPwd=${SECRET}`);
    const error = await failure(source.get());
    expect(error.message).toBe(
      `SSM parameter ${NAME} is not JSON; expected {"SysUser": "...", "SysPwd": "..."}`,
    );
  });

  test('JSON without SysPwd names the missing field', async () => {
    const { source } = sourceAnswering(JSON.stringify({ SysUser: SECRET }));
    const error = await failure(source.get());
    expect(error.message).toBe(
      `SSM parameter ${NAME} must be {"SysUser": "...", "SysPwd": "..."}; bad or missing: SysPwd`,
    );
  });

  test('a missing parameter says so, with the SDK error name', async () => {
    const notFound = Object.assign(new Error('Parameter not found'), { name: 'ParameterNotFound' });
    const { source } = sourceAnswering(notFound);
    const error = await failure(source.get());
    expect(error.message).toContain(`cannot read SSM parameter ${NAME}`);
    expect(error.message).toContain('ParameterNotFound');
  });
});

describe('EnvCredentials', () => {
  test('reads CBS_SYS_USER and CBS_SYS_PWD', async () => {
    const source = new EnvCredentials({ CBS_SYS_USER: 'api', CBS_SYS_PWD: SECRET });
    expect(await source.get()).toEqual({ sysUser: 'api', sysPwd: SECRET });
  });

  test('asks for both when one is missing', async () => {
    const error = await failure(new EnvCredentials({ CBS_SYS_USER: 'api' }).get());
    expect(error.message).toBe('set both CBS_SYS_USER and CBS_SYS_PWD');
  });
});
