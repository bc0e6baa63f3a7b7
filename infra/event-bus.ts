import type { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { DeploySettings } from './deploy-settings';

/**
 * The run's events (docs/events.md) go to one bus, the default or `deploy.eventBusName`; the bus
 * is the account's, not this stack's (rules on it route the events to chat or a helpdesk).
 */
export function eventBusArn(stack: Stack, busName: string): string {
  return stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName });
}

/** Putting events on exactly that bus, nothing else of EventBridge. */
export function publishEventsStatement(stack: Stack, settings: DeploySettings): PolicyStatement {
  return new PolicyStatement({
    sid: 'PublishDigestEvents',
    actions: ['events:PutEvents'],
    resources: [eventBusArn(stack, settings.eventBusName)],
  });
}

/** The variable the function reads the bus from (lambda/entry/runtime.ts). */
export const eventBusEnvironment = (settings: DeploySettings): Record<string, string> => ({
  EVENT_BUS_NAME: settings.eventBusName,
});
