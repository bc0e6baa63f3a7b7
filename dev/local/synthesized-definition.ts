import type { Template } from 'aws-cdk-lib/assertions';

import type { AslMachine } from './state-machine-runner';

export type { AslMachine, AslState } from './state-machine-runner';

/** What CloudFormation would put where the template holds a reference, for a definition read before deploying. */
export const PLACEHOLDER_ACCOUNT = '123456789012';

/**
 * The one state machine's definition as the template holds it, with CloudFormation's references
 * resolved the way a deployment would: a function's `Arn` becomes a Lambda ARN ending in its
 * logical ID, a `Ref` its logical ID in lower case (a bucket name), the partition `aws`.
 */
export function synthesizedDefinition(template: Template): AslMachine {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const body = (machines[0] as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString;
  return JSON.parse(resolveReferences(body)) as AslMachine;
}

/** The Lambda ARN the resolved definition names for a function of this logical ID. */
export function functionArnOf(logicalId: string): string {
  return `arn:aws:lambda:us-east-1:${PLACEHOLDER_ACCOUNT}:function:${logicalId}`;
}

function resolveReferences(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) throw new Error(`unexpected ${JSON.stringify(value)}`);
  const intrinsic = value as Record<string, unknown>;
  if (Array.isArray(intrinsic['Fn::Join'])) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveReferences).join(separator);
  }
  if (Array.isArray(intrinsic['Fn::GetAtt'])) {
    const [logicalId, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
    if (attribute !== 'Arn') throw new Error(`unexpected attribute ${logicalId}.${attribute}`);
    return functionArnOf(logicalId);
  }
  if (typeof intrinsic.Ref === 'string') {
    const ref = intrinsic.Ref;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return 'us-east-1';
    if (ref === 'AWS::AccountId') return PLACEHOLDER_ACCOUNT;
    return ref.toLowerCase();
  }
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}
