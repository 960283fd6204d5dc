import { describe, expect, it } from 'vitest';
import { bucketStarts, driftSeries, maxBuckets } from './drift-series.js';

const hour = 3_600_000;

describe('bucketStarts', () => {
  it('aligns to the bucket holding `since` and ends with the one holding `until`', () => {
    const starts = bucketStarts('2026-11-29T10:30:00.000Z', '2026-11-29T12:10:00.000Z', hour);
    expect(starts.map((start) => new Date(start).toISOString())).toEqual([
      '2026-11-29T10:00:00.000Z',
      '2026-11-29T11:00:00.000Z',
      '2026-11-29T12:00:00.000Z',
    ]);
  });

  it(`reads at most ${maxBuckets} buckets however wide the range`, () => {
    expect(bucketStarts('2020-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', hour)).toHaveLength(
      maxBuckets,
    );
  });
});

describe('driftSeries', () => {
  it('tests a bucket without a qualification against the bucket before, read once each', async () => {
    const windows: string[] = [];
    const series = await driftSeries(
      async (window) => {
        windows.push(window.since);
        const good = window.since < '2026-11-29T11:00:00.000Z';
        return [
          {
            route: 'faq',
            model: 'm',
            samples: 40,
            passed: good ? 39 : 20,
            notScored: 0,
            judgeCostUsd: 0,
          },
        ];
      },
      {
        since: '2026-11-29T10:00:00.000Z',
        until: '2026-11-29T12:00:00.000Z',
        bucketMs: hour,
        maxDrop: () => 0.05,
        qualifiedRate: () => undefined,
      },
    );
    // the bucket before the range, then each bucket once
    expect(windows).toEqual([
      '2026-11-29T09:00:00.000Z',
      '2026-11-29T10:00:00.000Z',
      '2026-11-29T11:00:00.000Z',
    ]);
    expect(series[0]?.points.map((point) => [point.reference, point.drift])).toEqual([
      [39 / 40, false],
      [39 / 40, true],
    ]);
  });
});
