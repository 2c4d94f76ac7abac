import { describe, expect, it } from 'vitest';
import { definitionChanges, draftOf } from './step-definition';

const measurement = { kind: 'measurement' as const, unit: 'mm', min: 5, max: 9.5 };
const check = { kind: 'check' as const, unit: null, min: null, max: null };

describe('checklist editor: a step’s kind, unit and limits', () => {
  it('starts from the step as it is, and an unchanged draft changes nothing', () => {
    expect(draftOf(measurement)).toEqual({ kind: 'measurement', unit: 'mm', min: '5', max: '9.5' });
    expect(draftOf(check)).toEqual({ kind: 'check', unit: '', min: '', max: '' });
    expect(definitionChanges(measurement, draftOf(measurement))).toEqual({ ok: true, changes: {} });
    expect(definitionChanges(check, draftOf(check))).toEqual({ ok: true, changes: {} });
  });

  it('sends only what differs', () => {
    expect(
      definitionChanges(measurement, { ...draftOf(measurement), max: '12', unit: ' cm ' }),
    ).toEqual({ ok: true, changes: { max: 12, unit: 'cm' } });
    expect(definitionChanges(measurement, { ...draftOf(measurement), min: '' })).toEqual({
      ok: true,
      changes: { min: null },
    });
    expect(definitionChanges(check, { ...draftOf(check), kind: 'pass_fail' })).toEqual({
      ok: true,
      changes: { kind: 'pass_fail' },
    });
  });

  it('makes a step a measurement with its unit and limits', () => {
    expect(
      definitionChanges(check, { kind: 'measurement', unit: 'bar', min: '1,5', max: '3' }),
    ).toEqual({ ok: true, changes: { kind: 'measurement', unit: 'bar', min: 1.5, max: 3 } });
  });

  it('clears unit and limits when a step stops being a measurement, whatever was typed', () => {
    expect(
      definitionChanges(measurement, { kind: 'text', unit: 'mm', min: 'nonsense', max: '1' }),
    ).toEqual({ ok: true, changes: { kind: 'text', unit: null, min: null, max: null } });
  });

  it('refuses limits the server would refuse, with the shared rule’s message', () => {
    expect(definitionChanges(measurement, { ...draftOf(measurement), min: '10' })).toEqual({
      ok: false,
      message: 'The minimum (10) must not be greater than the maximum (9.5)',
    });
    expect(
      definitionChanges(check, { kind: 'measurement', unit: '', min: '', max: 'ten' }),
    ).toEqual({ ok: false, message: 'The maximum must be a number' });
  });
});
