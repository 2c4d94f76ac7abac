import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { assertNoConflicts, sameValue } from './conflicts';

describe('field-level conflicts', () => {
  it('compares numbers, timestamps and nulls by value', () => {
    expect(sameValue('1.50', 1.5)).toBe(true);
    expect(sameValue('2026-11-21 16:49:45.435+00', '2026-11-21T16:49:45.435Z')).toBe(true);
    expect(sameValue(new Date('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(null, '')).toBe(false);
    expect(sameValue('open', 'opened')).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1 })).toBe(true);
  });

  it('flags only changed fields whose server value moved away from what was seen', () => {
    const current = { title: 'Theirs', priority: 'high', due_date: null };
    expect(() =>
      assertNoConflicts(current, { priority: 'low' }, { priority: 'high' }),
    ).not.toThrow();
    expect(() => assertNoConflicts(current, { title: 'Theirs' }, { title: 'Old' })).not.toThrow();
    expect(() => assertNoConflicts(current, { title: 'Mine' }, {})).not.toThrow();
    try {
      assertNoConflicts(
        current,
        { title: 'Mine', priority: 'low' },
        { title: 'Old', priority: 'high' },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toEqual({
        conflicts: [{ field: 'title', seen: 'Old', current: 'Theirs', yours: 'Mine' }],
      });
    }
  });
});
