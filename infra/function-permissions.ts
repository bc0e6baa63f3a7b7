import { Aws, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { DeploySettings } from './deploy-settings';

/**
 * The function's AWS permissions beyond its logs, each on exactly the resource it needs.
 * Built from settings alone so tests can read every statement without a bundled function.
 */
export function functionStatements(stack: Stack, settings: DeploySettings): PolicyStatement[] {
  return [
    ...credentialsStatements(stack, settings),
    sendDigestStatement(stack, settings),
    ...heartbeatStatements(stack, settings),
  ];
}

/**
 * Reading the heartbeat URL (deploy.heartbeatUrl), exactly that parameter. A SecureString under a
 * customer managed key is taken to use the credentials' key (deploy.credentialsKmsKeyArn), granted
 * for this parameter only, as for the credentials.
 */
export function heartbeatStatements(stack: Stack, settings: DeploySettings): PolicyStatement[] {
  const parameter = settings.heartbeatParameter;
  if (parameter === undefined) return [];
  const parameterArn = credentialsParameterArn(stack, parameter);
  const read = new PolicyStatement({
    sid: 'ReadHeartbeatUrl',
    actions: ['ssm:GetParameter'],
    resources: [parameterArn],
  });
  if (settings.credentialsKmsKeyArn === undefined) return [read];
  return [
    read,
    new PolicyStatement({
      sid: 'DecryptHeartbeatUrl',
      actions: ['kms:Decrypt'],
      resources: [settings.credentialsKmsKeyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com`,
          'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
        },
      },
    }),
  ];
}

/** Reading the CBS credentials: what every function that calls CBS needs. */
export function credentialsStatements(stack: Stack, settings: DeploySettings): PolicyStatement[] {
  return [readCredentials(stack, settings), ...decryptCredentials(stack, settings)];
}

/** ARN of an SSM parameter (the credentials, the heartbeat URL); CloudFormation cannot create a SecureString, so it exists already. */
export function credentialsParameterArn(stack: Stack, parameterName: string): string {
  return stack.formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: parameterName.replace(/^\//, ''),
  });
}

function readCredentials(stack: Stack, settings: DeploySettings): PolicyStatement {
  return new PolicyStatement({
    sid: 'ReadCbsCredentials',
    actions: ['ssm:GetParameter'],
    resources: [credentialsParameterArn(stack, settings.credentialsParameter)],
  });
}

/**
 * With the default AWS managed key (aws/ssm) no statement is needed or added: that key's policy
 * already lets every principal of the account decrypt through SSM, and an IAM statement on
 * `alias/aws/ssm` would match nothing (IAM evaluates kms:Decrypt against the key ARN, never the
 * alias). A customer managed key is granted by its ARN, and only for decrypting this parameter
 * through SSM: Parameter Store passes the parameter ARN as encryption context.
 */
function decryptCredentials(stack: Stack, settings: DeploySettings): PolicyStatement[] {
  if (settings.credentialsKmsKeyArn === undefined) return [];
  return [
    new PolicyStatement({
      sid: 'DecryptCbsCredentials',
      actions: ['kms:Decrypt'],
      resources: [settings.credentialsKmsKeyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com`,
          'kms:EncryptionContext:PARAMETER_ARN': credentialsParameterArn(
            stack,
            settings.credentialsParameter,
          ),
        },
      },
    }),
  ];
}

/**
 * Send only as mail.from, only through the configured identity (and configuration set). Both send
 * actions are granted because either API delivers the same message from the same address; the
 * mailer may switch between them without this widening what the function can do.
 */
export function sendDigestStatement(stack: Stack, settings: DeploySettings): PolicyStatement {
  const identityArn = (identity: string) =>
    stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
  const resources = [identityArn(settings.sesIdentity), ...settings.sesRecipientIdentities.map(identityArn)];
  if (settings.sesConfigurationSet !== undefined) {
    resources.push(
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: settings.sesConfigurationSet,
      }),
    );
  }
  return new PolicyStatement({
    sid: 'SendDigest',
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resources: [...new Set(resources)],
    conditions: { StringEquals: { 'ses:FromAddress': settings.mailFrom } },
  });
}
