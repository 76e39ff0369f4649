import { describe, expect, it } from 'vitest';
import { atMost, figure, formatTable, median, ratio } from '../../../bench/lib/report.js';

describe('bench figures', () => {
  it('judges the ratio to the reference when asked to, not the raw value', () => {
    const ours = 10.5;
    const reference = 10;
    const judged = figure(
      { section: 1, name: 'mp3', unit: 's', ours, reference },
      atMost(1.1),
      ratio(ours, reference),
    );
    expect(judged).toMatchObject({ pass: true, target: '≤ 1.1' });
  });

  it('fails a figure whose value could not be measured', () => {
    expect(figure({ section: 5, name: 'init', unit: 'ms', ours: undefined }, atMost(250)).pass).toBe(false);
  });

  it('leaves a figure without a target unjudged', () => {
    expect(figure({ section: 4, name: 'jobs/s', unit: 'jobs/s', ours: 3 }).pass).toBeUndefined();
  });

  it('takes the middle of an even number of runs as their mean', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('prints a markdown table with FAIL for a missed target', () => {
    const table = formatTable([figure({ section: 2, name: 'peak', unit: 'MiB', ours: 170 }, atMost(160))]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('| FAIL');
  });
});
