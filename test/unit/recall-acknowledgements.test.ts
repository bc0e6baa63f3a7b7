import type { Acknowledgement, AckTarget } from '../../lambda/core/acknowledgement';
import { AcknowledgementStoreError } from '../../lambda/core/acknowledgement-store';
import type { SnoozeEnd } from '../../lambda/core/digest';
import { forgetEnded, recallAcknowledgements } from '../../lambda/core/recall-acknowledgements';
import { MemoryAcknowledgementStore } from '../support/memory-acknowledgement-store';
import { RecordingLog } from '../support/recording-log';

const ack = (loginName: string, backupSetId?: string): Acknowledgement => ({
  target: { loginName, backupSetId },
  kind: 'failed',
  note: 'disk replaced on Monday',
  by: 'carol',
  createdAt: '2026-11-28T10:00:00Z',
  expiresAt: '2026-12-05T10:00:00Z',
});

describe('recallAcknowledgements', () => {
  test('the acknowledgements held, with no notice and nothing logged', async () => {
    const held = [ack('alice', '1'), ack('bob')];
    const log = new RecordingLog();

    const recalled = await recallAcknowledgements(new MemoryAcknowledgementStore(held), log);

    expect(recalled).toEqual({ acknowledgements: held });
    expect('notice' in recalled).toBe(false);
    expect(log.lines).toEqual([]);
  });

  test('none held is an empty list, not a failure', async () => {
    const recalled = await recallAcknowledgements(new MemoryAcknowledgementStore(), new RecordingLog());

    expect(recalled).toEqual({ acknowledgements: [] });
  });

  test('a store that cannot be read: no acknowledgements, one notice saying why, the fault logged and counted', async () => {
    const store = new MemoryAcknowledgementStore([ack('alice', '1')]);
    store.failWith = new AcknowledgementStoreError('ThrottlingException: rate exceeded');
    const log = new RecordingLog();

    const recalled = await recallAcknowledgements(store, log);

    expect(recalled).toEqual({
      acknowledgements: undefined,
      notice:
        'Acknowledgements could not be read tonight (ThrottlingException: rate exceeded): known issues are counted as problems.',
    });
    expect(log.lines).toEqual([
      ['warn', 'acknowledgements unavailable', { ackFaults: 1, error: 'ThrottlingException: rate exceeded' }],
    ]);
  });

  test('a store that answers nothing at all is treated as unreadable', async () => {
    const store = new MemoryAcknowledgementStore();
    store.list = async () => undefined as unknown as Acknowledgement[];
    const log = new RecordingLog();

    const recalled = await recallAcknowledgements(store, log);

    expect(recalled).toEqual({
      acknowledgements: undefined,
      notice: 'Acknowledgements could not be read tonight (no answer): known issues are counted as problems.',
    });
    expect(log.lines).toEqual([
      ['warn', 'acknowledgements unavailable', { ackFaults: 1, error: 'no answer' }],
    ]);
  });
});

describe('forgetEnded', () => {
  const expired = (a: Acknowledgement): SnoozeEnd => ({ ack: a, why: 'expired' });

  test('removes every ended acknowledgement and logs how many', async () => {
    const ended = [ack('alice', '1'), ack('bob')];
    const store = new MemoryAcknowledgementStore([...ended, ack('carol', '3')]);
    const log = new RecordingLog();

    await forgetEnded(
      store,
      [
        expired(ended[0] as Acknowledgement),
        { ack: ended[1] as Acknowledgement, why: 'changed', from: 'failed', to: 'missed' },
      ],
      log,
    );

    expect([...store.acks.values()].map((a) => a.target.loginName)).toEqual(['carol']);
    expect(log.lines).toEqual([['info', 'acknowledgements ended', { ended: 2 }]]);
  });

  test('nothing ended: nothing removed, nothing logged', async () => {
    const store = new MemoryAcknowledgementStore([ack('alice', '1')]);
    const log = new RecordingLog();

    await forgetEnded(store, [], log);

    expect(store.acks.size).toBe(1);
    expect(log.lines).toEqual([]);
  });

  test('a removal that fails is logged and counted, and the others are still removed', async () => {
    const [alice, bob] = [ack('alice', '1'), ack('bob')];
    const store = new MemoryAcknowledgementStore([alice, bob]);
    const remove = store.remove.bind(store);
    store.remove = async (target: AckTarget) => {
      if (target.loginName === 'alice') throw new AcknowledgementStoreError('ConditionalCheckFailed');
      return remove(target);
    };
    const log = new RecordingLog();

    await forgetEnded(store, [expired(alice), expired(bob)], log);

    expect([...store.acks.values()].map((a) => a.target.loginName)).toEqual(['alice']);
    expect(log.lines).toEqual([
      ['warn', 'ended acknowledgement not removed', { ackFaults: 1, error: 'ConditionalCheckFailed' }],
      ['info', 'acknowledgements ended', { ended: 2 }],
    ]);
  });
});
