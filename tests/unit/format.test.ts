// Number formatting shared by the page, the reports, the CLI and the notifications.
import { describe, expect, it } from 'vitest';
import { formatP } from '../../src/lib/format/format.ts';

describe('formatP', () => {
  it('writes small p-values in exponent notation and says when one is below what a double can hold', () => {
    expect(formatP(0.0312)).toBe('0.031');
    expect(formatP(0.00012)).toBe('0.00012');
    expect(formatP(3.4e-22)).toBe('3.4e-22');
    expect(formatP(0)).toBe('< 1e-300');
    expect(formatP(null)).toBe('—');
    expect(formatP(Number.NaN)).toBe('—');
  });
});
