import { describe, expect, it } from 'vitest';
import { parseStepLimits, stepLimitsProblem } from './step-limits';

describe('measurement step limits (the editor and the server check the same rule)', () => {
  it('accepts finite numbers with min <= max, either limit or both absent', () => {
    expect(stepLimitsProblem({ min: 5, max: 9.5 })).toBeNull();
    expect(stepLimitsProblem({ min: 5, max: 5 })).toBeNull();
    expect(stepLimitsProblem({ min: null, max: -3 })).toBeNull();
    expect(stepLimitsProblem({ min: 0, max: null })).toBeNull();
    expect(stepLimitsProblem({ min: null, max: null })).toBeNull();
  });

  it('refuses min > max and anything that is not a finite number', () => {
    expect(stepLimitsProblem({ min: 10, max: 9 })).toBe(
      'The minimum (10) must not be greater than the maximum (9)',
    );
    expect(stepLimitsProblem({ min: Number.NaN, max: null })).toBe('The minimum must be a number');
    expect(stepLimitsProblem({ min: null, max: Number.POSITIVE_INFINITY })).toBe(
      'The maximum must be a number',
    );
  });

  it('parses what is typed: blanks are no limit, a decimal comma is a point, the unit is trimmed', () => {
    expect(parseStepLimits({ min: ' 5 ', max: '9,5', unit: ' mm ' })).toEqual({
      ok: true,
      min: 5,
      max: 9.5,
      unit: 'mm',
    });
    expect(parseStepLimits({ min: '', max: '-0.5', unit: '' })).toEqual({
      ok: true,
      min: null,
      max: -0.5,
      unit: null,
    });
    expect(parseStepLimits({ min: '1e3', max: '.5e4', unit: 'rpm' })).toMatchObject({
      ok: true,
      min: 1000,
      max: 5000,
    });
  });

  it('refuses text that is not a number, reversed limits and an overlong unit', () => {
    expect(parseStepLimits({ min: 'abc', max: '', unit: '' })).toEqual({
      ok: false,
      message: 'The minimum must be a number',
    });
    // Number() would read these as 0, 255 and Infinity.
    for (const max of ['0x', '0xff', 'Infinity', '1.2.3', '5 mm']) {
      expect(parseStepLimits({ min: '', max, unit: '' })).toEqual({
        ok: false,
        message: 'The maximum must be a number',
      });
    }
    expect(parseStepLimits({ min: '10', max: '9', unit: '' })).toEqual({
      ok: false,
      message: 'The minimum (10) must not be greater than the maximum (9)',
    });
    expect(parseStepLimits({ min: '', max: '', unit: 'x'.repeat(51) })).toEqual({
      ok: false,
      message: 'The unit has at most 50 characters',
    });
  });
});
