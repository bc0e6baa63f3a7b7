import type { z } from 'zod';
import { type AckInput, ackSchema, unackSchema } from '../config/ack-schema';
import { formatIssues } from '../config/format-issues';
import { type Acknowledgement, type AckTarget, describeTarget } from '../core/acknowledgement';
import type { AcknowledgementStore } from '../core/acknowledgement-store';
import { EventError } from './event-error';

/**
 * Acknowledgements made by hand: from the CLI (`npm run ack`) or as a console event of the digest
 * function (`{"ack": {...}}`, `{"unack": {...}}`, `{"listAcks": true}`). Both are validated by the
 * same schemas, so a typo is refused the same way wherever it is typed.
 */
export type AckCommand =
  | { type: 'ack'; input: AckInput }
  | { type: 'unack'; target: AckTarget }
  | { type: 'list' };

export type AckAnswer =
  | { acknowledged: string; acknowledgement: Acknowledgement }
  | { removed: string; found: boolean }
  | { acknowledgements: Acknowledgement[] };

/** Whether an invocation event is an acknowledgement command rather than a digest run. */
export function isAckEvent(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && ('ack' in event || 'unack' in event || 'listAcks' in event)
  );
}

/** Reads `{"ack": {...}}`, `{"unack": {...}}` or `{"listAcks": true}`; anything else is refused naming the fault. */
export function parseAckEvent(event: unknown): AckCommand {
  const keys = Object.keys(event as object);
  if (keys.length !== 1)
    throw new EventError(
      `acknowledgement event is invalid: give exactly one of ack, unack, listAcks (got ${keys.join(', ')})`,
    );
  const body = event as Record<string, unknown>;
  if ('listAcks' in body) {
    if (body.listAcks !== true)
      throw new EventError('acknowledgement event is invalid:\n  listAcks: must be true');
    return { type: 'list' };
  }
  if ('ack' in body) {
    const input = ackSchema.safeParse(body.ack);
    if (!input.success)
      throw new EventError(
        `acknowledgement event is invalid:\n${formatIssues(prefixed('ack', input.error.issues))}`,
      );
    return { type: 'ack', input: input.data };
  }
  const input = unackSchema.safeParse(body.unack);
  if (!input.success)
    throw new EventError(
      `acknowledgement event is invalid:\n${formatIssues(prefixed('unack', input.error.issues))}`,
    );
  return { type: 'unack', target: targetOf(input.data) };
}

/** The acknowledgement an input makes at `now`. */
export function acknowledgementOf(input: AckInput, now: Date): Acknowledgement {
  return {
    target: targetOf(input),
    kind: input.kind,
    label: input.label,
    note: input.note,
    by: input.by,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.days * 86_400_000).toISOString(),
  };
}

export function targetOf(input: {
  user: string;
  owner?: string | undefined;
  set?: string | undefined;
  job?: string | undefined;
}): AckTarget {
  return { loginName: input.user, owner: input.owner, backupSetId: input.set, jobId: input.job };
}

/** Carries out a command against the store. */
export async function runAckCommand(
  store: AcknowledgementStore,
  command: AckCommand,
  now: Date,
): Promise<AckAnswer> {
  switch (command.type) {
    case 'ack': {
      const ack = acknowledgementOf(command.input, now);
      await store.put(ack);
      return {
        acknowledged: `${describeTarget(ack.target, ack.label)} until ${ack.expiresAt}`,
        acknowledgement: ack,
      };
    }
    case 'unack': {
      const found = await store.remove(command.target);
      return { removed: describeTarget(command.target), found };
    }
    case 'list':
      return { acknowledgements: await store.list() };
  }
}

function prefixed(key: string, issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.map((issue) => ({ ...issue, path: [key, ...issue.path] }));
}
