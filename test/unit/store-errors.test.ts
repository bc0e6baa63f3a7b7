import { AcknowledgementStoreError } from '../../lambda/core/acknowledgement-store';
import { HistoryStoreError } from '../../lambda/core/history-store';

// The stores' errors name themselves: logs and the run summary print `name: message`, and that
// name is how an operator tells a store fault from a CBS or SES one.
describe('store errors', () => {
  test.each([
    ['HistoryStoreError', HistoryStoreError],
    ['AcknowledgementStoreError', AcknowledgementStoreError],
  ])('%s names itself and keeps its cause', (name, StoreError) => {
    const cause = new Error('ProvisionedThroughputExceededException');

    const error = new StoreError('the table could not be read', { cause });

    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe(`${name}: the table could not be read`);
    expect(error.cause).toBe(cause);
  });
});
