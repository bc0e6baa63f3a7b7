import type { Detail } from '../../lambda/adapters/render/detail';
import { fitToBudget } from '../../lambda/adapters/render/size-budget';

// fitToBudget over a stand-in template whose bytes are known; the whole-render sizes (2,000 and
// 50,000 jobs through the real templates) are in size-budget.test.ts.
describe('fitToBudget', () => {
  /** A stand-in template: 50 bytes of frame, 100 per full row, 10 per OK user, 5 more with set names. */
  function fakeRenderings(rows: number, okUsers: number, rowWeights?: (i: number) => number) {
    const rendered: Detail[] = [];
    const rowBytes = (i: number) => (rowWeights ? rowWeights(i) : 100);
    return {
      rendered,
      renderings: {
        render: (d: Detail) => {
          rendered.push(d);
          let text = 'f'.repeat(50);
          for (let i = 0; i < Math.min(d.fullRows, rows); i += 1) text += 'r'.repeat(rowBytes(i));
          return text + 'u'.repeat((d.okSetNames ? 15 : 10) * Math.min(d.okUsers, okUsers));
        },
        weights: () => ({
          rows: Array.from({ length: rows }, (_, i) => rowBytes(i)),
          okUsers: Array.from({ length: okUsers }, () => 1),
        }),
      },
    };
  }

  test('keeps everything when it fits, with one render', () => {
    const { renderings, rendered } = fakeRenderings(10, 10);

    const fitted = fitToBudget(renderings, 10, 10_000);

    expect(fitted.detail).toEqual({ fullRows: 400, okUsers: 400, okSetNames: true });
    expect(rendered).toHaveLength(1);
  });

  test('drops OK set names before anything else', () => {
    const { renderings } = fakeRenderings(10, 100);

    const fitted = fitToBudget(renderings, 10, 50 + 1000 + 1000);

    expect(fitted.detail).toEqual({ fullRows: 400, okUsers: 400, okSetNames: false });
  });

  test('then lists fewer OK users, and only then cuts rows, to the most that fit, from a few renders', () => {
    const { renderings, rendered } = fakeRenderings(300, 300);

    const fitted = fitToBudget(renderings, 300, 50 + 100 * 150 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 150, okUsers: 30, okSetNames: false });
    expect(fitted.bytes).toBe(50 + 100 * 150 + 10 * 30);
    expect(rendered.length).toBeLessThanOrEqual(5);
  });

  test('sizes rows by their own weight: long rows cost more than short ones', () => {
    // The first 20 rows are 500 bytes, the rest 50: 20 long rows and 100 short ones fill the room.
    const { renderings } = fakeRenderings(300, 300, (i) => (i < 20 ? 500 : 50));

    const fitted = fitToBudget(renderings, 300, 50 + 20 * 500 + 100 * 50 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 120, okUsers: 30, okSetNames: false });
  });

  test('never answers with HTML over the budget, even when the weights mislead', () => {
    // Weights say every row is alike; in the HTML the later rows are ten times larger.
    const { renderings } = fakeRenderings(300, 300, (i) => (i < 100 ? 20 : 200));
    const misleading = {
      ...renderings,
      weights: () => ({ rows: Array(300).fill(1), okUsers: Array(300).fill(1) }),
    };

    const fitted = fitToBudget(misleading, 300, 50 + 100 * 20 + 50 * 200 + 10 * 30);

    expect(fitted.bytes).toBeLessThanOrEqual(50 + 100 * 20 + 50 * 200 + 10 * 30);
    // At most the 150 that fit; a misled estimate may settle a little lower.
    expect(fitted.detail.fullRows).toBeLessThanOrEqual(150);
    expect(fitted.detail.fullRows).toBeGreaterThan(50);
  });

  test('when every estimate misses, bisection finds exactly the most rows that fit', () => {
    // Weights put all the rows' bytes on the last 200: the first 100 look free, so each estimate
    // takes too many, three tries miss, and exact renders settle it.
    const { renderings, rendered } = fakeRenderings(300, 300);
    const misleading = {
      ...renderings,
      weights: () => ({
        rows: Array.from({ length: 300 }, (_, i) => (i < 100 ? 0 : 1)),
        okUsers: Array(300).fill(1),
      }),
    };
    const budget = 50 + 100 * 150 + 10 * 30;

    const fitted = fitToBudget(misleading, 300, budget);

    expect(fitted).toMatchObject({
      detail: { fullRows: 150, okUsers: 30, okSetNames: false },
      bytes: budget,
    });
    expect(fitted.html).toBe(misleading.render(fitted.detail));
    // Four to measure, three estimates, then a bisection of 0..300: about nine more.
    expect(rendered.length).toBeGreaterThan(7);
    expect(rendered.length).toBeLessThanOrEqual(7 + 10 + 1);
  });

  test('rows all weighing nothing are shared out evenly, and the first estimate fits', () => {
    const { renderings, rendered } = fakeRenderings(300, 300);
    const weightless = {
      ...renderings,
      weights: () => ({ rows: Array(300).fill(0), okUsers: Array(300).fill(0) }),
    };

    const fitted = fitToBudget(weightless, 300, 50 + 100 * 150 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 150, okUsers: 30, okSetNames: false });
    expect(rendered).toHaveLength(5);
  });

  test('no more rows in full than could be shown, however much room there is', () => {
    const { renderings } = fakeRenderings(300, 300);

    const fitted = fitToBudget(renderings, 100, 50 + 100 * 150 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 100, okUsers: 30, okSetNames: false });
  });

  test('room for the 30 OK users and not one row: those users, no row', () => {
    const { renderings } = fakeRenderings(300, 300);

    const fitted = fitToBudget(renderings, 300, 50 + 10 * 30);

    expect(fitted).toMatchObject({ detail: { fullRows: 0, okUsers: 30, okSetNames: false }, bytes: 350 });
  });

  test('a budget not even the frame fits: the barest HTML, the best there is', () => {
    const { renderings } = fakeRenderings(300, 300);

    const fitted = fitToBudget(renderings, 300, 40);

    expect(fitted).toMatchObject({ detail: { fullRows: 0, okUsers: 0, okSetNames: false }, bytes: 50 });
  });

  test('shows no row and no OK user when not even that fits', () => {
    const { renderings } = fakeRenderings(300, 300);

    const fitted = fitToBudget(renderings, 300, 50 + 10 * 29);

    expect(fitted.detail).toEqual({ fullRows: 0, okUsers: 0, okSetNames: false });
  });
});
