import type { Detail } from '../../lambda/adapters/render/detail';
import { fitToBudget, HTML_BUDGET_BYTES } from '../../lambda/adapters/render/size-budget';

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
        rowWeight: (i: number) => (i < rows ? rowBytes(i) : 0),
      },
    };
  }

  type Renderings = ReturnType<typeof fakeRenderings>['renderings'];

  /** The same HTML, weighed otherwise: weights that mislead the estimate. */
  function weighed(renderings: Renderings, rows: number[]) {
    return { ...renderings, rowWeight: (i: number) => rows[i] ?? 0 };
  }

  /** Weights that put all the rows' bytes on the last 10 of 300. */
  const lastTenWeigh = Array.from({ length: 300 }, (_, i) => (i < 290 ? 0 : 1));

  test('keeps everything when it fits, from the rows with 30 OK users and then everything', () => {
    const { renderings, rendered } = fakeRenderings(10, 10);

    const fitted = fitToBudget(renderings, 10, 10_000);

    expect(fitted.detail).toEqual({ fullRows: 400, okUsers: 400, okSetNames: true });
    expect(rendered).toEqual([{ fullRows: 10, okUsers: 30, okSetNames: false }, fitted.detail]);
  });

  test('keeps everything that fits to the byte, with two renders', () => {
    const { renderings, rendered } = fakeRenderings(10, 10);

    const fitted = fitToBudget(renderings, 10, 50 + 100 * 10 + 15 * 10);

    expect(fitted).toMatchObject({ detail: { fullRows: 400, okUsers: 400, okSetNames: true }, bytes: 1200 });
    expect(fitted.html).toBe(renderings.render(fitted.detail));
    expect(rendered).toHaveLength(2 + 1);
  });

  test('every row in full with 400 OK users over, with 30 within: 30 OK users and every row', () => {
    const { renderings, rendered } = fakeRenderings(10, 100);

    const fitted = fitToBudget(renderings, 10, 50 + 100 * 10 + 10 * 30);

    expect(fitted).toMatchObject({ detail: { fullRows: 10, okUsers: 30, okSetNames: false }, bytes: 1350 });
    expect(fitted.html).toBe(renderings.render(fitted.detail));
    // The short mail was rendered first, then the two fuller levels: nothing more is tried.
    expect(rendered).toHaveLength(3 + 1);
  });

  test('when every row in full is over budget even with 30 OK users, the fuller levels are never rendered', () => {
    const { renderings, rendered } = fakeRenderings(300, 300);

    fitToBudget(renderings, 300, 50 + 100 * 150 + 10 * 30);

    expect(rendered.filter((d) => d.okUsers > 30 || d.okSetNames)).toEqual([]);
  });

  test('by default keeps HTML of 96 KiB whole, and trims HTML one byte larger', () => {
    const sized = (bytes: number) => ({
      render: (d: Detail) => (d.okSetNames ? 'é'.repeat(bytes / 2) + 'x'.repeat(bytes % 2) : 'x'.repeat(100)),
      rowWeight: () => 1,
    });

    expect(fitToBudget(sized(HTML_BUDGET_BYTES), 1)).toMatchObject({
      detail: { okSetNames: true },
      bytes: 96 * 1024,
    });
    expect(fitToBudget(sized(HTML_BUDGET_BYTES + 1), 1)).toMatchObject({
      detail: { okSetNames: false },
      bytes: 100,
    });
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
    const misleading = weighed(renderings, Array(300).fill(1));

    const fitted = fitToBudget(misleading, 300, 50 + 100 * 20 + 50 * 200 + 10 * 30);

    expect(fitted.bytes).toBeLessThanOrEqual(50 + 100 * 20 + 50 * 200 + 10 * 30);
    // At most the 150 that fit; a misled estimate may settle a little lower.
    expect(fitted.detail.fullRows).toBeLessThanOrEqual(150);
    expect(fitted.detail.fullRows).toBeGreaterThan(50);
  });

  test('an estimate that misses by all the room there was is followed by a bisection that finds exactly the most rows that fit', () => {
    // Every row is 100 bytes; weights say the rows past the first 100 cost nothing, so the
    // estimate takes all 300, 15,000 bytes over. Bisection between the 100 that fit and the 300
    // that did not settles it.
    const { renderings, rendered } = fakeRenderings(300, 300);
    const misleading = weighed(
      renderings,
      Array.from({ length: 300 }, (_, i) => (i < 100 ? 1 : 0)),
    );
    const budget = 50 + 100 * 150 + 10 * 30;

    const fitted = fitToBudget(misleading, 300, budget);

    expect(fitted).toMatchObject({
      detail: { fullRows: 150, okUsers: 30, okSetNames: false },
      bytes: budget,
    });
    expect(fitted.html).toBe(misleading.render(fitted.detail));
    // The first 100 rows, the frame, the estimate, then a bisection of 100..300: eight more.
    expect(rendered.map((d) => d.fullRows).slice(0, 3)).toEqual([100, 0, 300]);
    expect(rendered).toHaveLength(3 + 8);
  });

  test('an estimate that misses is corrected by the miss: the second one fits, with no bisection', () => {
    // Weights say every row is alike; in the HTML the first 50 rows are 160 bytes, the rest 80.
    const { renderings, rendered } = fakeRenderings(300, 300, (i) => (i < 50 ? 160 : 80));
    const alike = weighed(renderings, Array(300).fill(1));
    const budget = 50 + 5000 + 10 * 30;

    const fitted = fitToBudget(alike, 300, budget);

    // The first 100 rows measured 12,000 bytes: 120 each by the estimate, so 5,000 bytes of room
    // take 41 rows, really 6,560 bytes; aiming 1,561 lower takes 28, which fit (31 would have).
    expect(rendered.map((d) => d.fullRows)).toEqual([100, 0, 41, 28]);
    expect(fitted).toMatchObject({
      detail: { fullRows: 28, okUsers: 30, okSetNames: false },
      bytes: 50 + 28 * 160 + 300,
    });
  });

  test('more than the first 100 rows, every one of which fits: the fuller levels are tried too', () => {
    const { renderings, rendered } = fakeRenderings(200, 100);

    const short = fitToBudget(renderings, 200, 50 + 100 * 200 + 10 * 30 + 500);
    expect(short.detail).toEqual({ fullRows: 200, okUsers: 30, okSetNames: false });
    expect(rendered.map((d) => [d.fullRows, d.okUsers])).toEqual([
      [100, 30],
      [0, 30],
      [200, 30],
      [400, 400],
      [400, 400],
    ]);

    expect(fitToBudget(renderings, 200, 50 + 100 * 200 + 10 * 100).detail).toEqual({
      fullRows: 400,
      okUsers: 400,
      okSetNames: false,
    });
  });

  test('weighs only the rows the estimate reaches, each once', () => {
    const { renderings } = fakeRenderings(400, 300);
    const asked: number[] = [];
    const counted = {
      ...renderings,
      rowWeight: (i: number) => {
        asked.push(i);
        return renderings.rowWeight(i);
      },
    };

    const fitted = fitToBudget(counted, 400, 50 + 100 * 150 + 10 * 30);

    expect(fitted.detail.fullRows).toBe(150);
    // The 100 sampled, then up to the first row that no longer fits.
    expect(asked).toEqual(Array.from({ length: 151 }, (_, i) => i));
  });

  test('rows past the first 100 are priced by their weight at what the first 100 cost', () => {
    // The first 100 rows are 100 bytes and weigh 1; the rest are 200 bytes and weigh 2.
    const { renderings, rendered } = fakeRenderings(300, 300, (i) => (i < 100 ? 100 : 200));
    const weighted = weighed(
      renderings,
      Array.from({ length: 300 }, (_, i) => (i < 100 ? 1 : 2)),
    );
    const budget = 50 + 100 * 100 + 200 * 50 + 10 * 30;

    const fitted = fitToBudget(weighted, 300, budget);

    expect(fitted).toMatchObject({
      detail: { fullRows: 150, okUsers: 30, okSetNames: false },
      bytes: budget,
    });
    expect(rendered.map((d) => d.fullRows)).toEqual([100, 0, 150]);
  });

  test('a first estimate that misses by more than the room there was is followed by measuring, not by an empty digest', () => {
    // Weights put all the rows' bytes on the last 10: the first estimate takes 291 rows, 24,100
    // bytes over a budget with room for 50. Was: the next aim fell below nothing and the answer
    // was no row and no OK user at all.
    const { renderings } = fakeRenderings(300, 300);
    const lopsided = weighed(renderings, lastTenWeigh);
    const budget = 50 + 100 * 50 + 10 * 30;

    const fitted = fitToBudget(lopsided, 300, budget);

    expect(fitted).toMatchObject({ detail: { fullRows: 50, okUsers: 30, okSetNames: false }, bytes: budget });
  });

  test('after such a miss, room for the 30 OK users and not one row: those users, no row', () => {
    const { renderings } = fakeRenderings(300, 300);
    const lopsided = weighed(renderings, lastTenWeigh);

    const fitted = fitToBudget(lopsided, 300, 50 + 10 * 30);

    expect(fitted).toMatchObject({ detail: { fullRows: 0, okUsers: 30, okSetNames: false }, bytes: 350 });
  });

  test('a miss that leaves no room by the estimate is followed by measuring, not by no row', () => {
    // The first 10 rows are 200 bytes, the rest 20, weighed alike (38 each by the first 100):
    // 482 bytes of room take 12 rows, really 2,040 bytes; that leaves the estimate no room.
    const { renderings } = fakeRenderings(300, 300, (i) => (i < 10 ? 200 : 20));
    const alike = weighed(renderings, Array(300).fill(1));

    const fitted = fitToBudget(alike, 300, 50 + 482 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 2, okUsers: 30, okSetNames: false });
  });

  test('more than 400 rows wanted: rows past the 400 are never priced, and the first estimate fits', () => {
    const { renderings, rendered } = fakeRenderings(500, 300);

    const fitted = fitToBudget(renderings, 500, 50 + 100 * 300 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 300, okUsers: 30, okSetNames: false });
    expect(rendered).toHaveLength(3);
  });

  test('OK users past the 30 of a short mail take no room from rows: the first estimate fits', () => {
    const { renderings, rendered } = fakeRenderings(300, 1000);

    const fitted = fitToBudget(renderings, 300, 50 + 100 * 150 + 10 * 30 + 99);

    expect(fitted.detail).toEqual({ fullRows: 150, okUsers: 30, okSetNames: false });
    expect(rendered).toHaveLength(3);
  });

  test('rows all weighing nothing are shared out evenly, and the first estimate fits', () => {
    const { renderings, rendered } = fakeRenderings(300, 300);
    const weightless = weighed(renderings, Array(300).fill(0));

    const fitted = fitToBudget(weightless, 300, 50 + 100 * 150 + 10 * 30);

    expect(fitted.detail).toEqual({ fullRows: 150, okUsers: 30, okSetNames: false });
    expect(rendered).toHaveLength(3);
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
    const { renderings, rendered } = fakeRenderings(300, 300);

    const fitted = fitToBudget(renderings, 300, 50 + 10 * 29);

    expect(fitted).toMatchObject({ detail: { fullRows: 0, okUsers: 0, okSetNames: false }, bytes: 50 });
    expect(fitted.html).toBe('f'.repeat(50));
    // Every row with 30 OK users, then none with them, then the barest: nothing more is tried.
    expect(rendered).toHaveLength(3);
  });

  test('only OK rows and not even 30 OK users fit: the barest HTML, with no row to measure', () => {
    const { renderings, rendered } = fakeRenderings(0, 300);

    const fitted = fitToBudget(renderings, 0, 50 + 10 * 29);

    expect(fitted).toMatchObject({ detail: { fullRows: 0, okUsers: 0, okSetNames: false }, bytes: 50 });
    expect(rendered).toEqual([{ fullRows: 0, okUsers: 30, okSetNames: false }, fitted.detail]);
  });
});
