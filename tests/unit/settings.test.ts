// Analysis settings from links, storage and the CLI: anything outside the allowed range is made usable.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../src/lib/analysis/settings.ts';

describe('normaliseSettings', () => {
  it('caps windows longer than the limit instead of falling back to the default', () => {
    const settings = normaliseSettings({
      ...DEFAULT_SETTINGS,
      historyDays: 50_000,
      regressionDays: 10_000,
      baselineDays: 9_999,
    });
    expect(settings.historyDays).toBe(36_500);
    expect(settings.regressionDays).toBe(3_650);
    expect(settings.baselineDays).toBe(3_650);
  });

  it('refuses parameters outside their range (a significance level of 5)', () => {
    const settings = normaliseSettings({
      ...DEFAULT_SETTINGS,
      changepoint: { ...DEFAULT_SETTINGS.changepoint, alpha: 5 },
    });
    expect(settings.changepoint.alpha).toBe(DEFAULT_SETTINGS.changepoint.alpha);
  });

  it('replaces values that are not positive numbers by the defaults', () => {
    const settings = normaliseSettings({
      ...DEFAULT_SETTINGS,
      historyDays: -1,
      regressionDays: 'x',
      baselineDays: Number.NaN,
    });
    expect(settings.historyDays).toBe(DEFAULT_SETTINGS.historyDays);
    expect(settings.regressionDays).toBe(DEFAULT_SETTINGS.regressionDays);
    expect(settings.baselineDays).toBe(DEFAULT_SETTINGS.baselineDays);
  });
});
