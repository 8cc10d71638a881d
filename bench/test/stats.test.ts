import { mean, median, round } from '../dist/stats';

// The summaries of both bench sections: a median over two rounds is their mean, not the better one.
describe('bench statistics', () => {
  test('median of an odd count is the middle value; of an even count the mean of the middle two', () => {
    expect(median([0.35, 0.23, 0.3])).toBe(0.3);
    expect(median([0.35, 0.23])).toBeCloseTo(0.29);
    expect(median([])).toBeNaN();
  });

  test('mean and rounding', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(round(0.28999, 2)).toBe(0.29);
  });
});
