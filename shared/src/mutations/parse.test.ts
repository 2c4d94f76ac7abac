import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseMutation } from './parse';

const id = '0b6f3a52-3c1e-4d38-9a57-0d3f5f8c2e11';
const newWorkOrder = { id, title: '  Leaking valve ', type: 'corrective', priority: 'high' };

function refusal(name: string, args: unknown): AppError {
  try {
    parseMutation(name, args);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseMutation', () => {
  it('returns the mutator, the parsed arguments and the input as given', () => {
    const parsed = parseMutation('workOrder.create', newWorkOrder);
    expect(parsed.name).toBe('workOrder.create');
    expect(parsed.mutator.name).toBe('workOrder.create');
    expect(parsed.args).toMatchObject({ title: 'Leaking valve' });
    expect(parsed.input).toBe(newWorkOrder);
  });

  it('refuses an unknown name with VALIDATION naming it', () => {
    const error = refusal('workOrder.explode', {});
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Unknown mutation workOrder.explode');
    expect(error.details).toEqual({ name: 'workOrder.explode' });
  });

  it('refuses invalid arguments with VALIDATION listing the issues by path', () => {
    const error = refusal('workOrder.create', { ...newWorkOrder, priority: 'urgent' });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Invalid arguments for workOrder.create');
    const { issues } = error.details as { issues: { path: string; message: string }[] };
    expect(issues.map((i) => i.path)).toEqual(['priority']);
  });

  it('MU-13: refuses arguments it does not know, naming them, at any depth', () => {
    const top = refusal('workOrder.create', { ...newWorkOrder, colour: 'red' });
    expect(top.code).toBe('VALIDATION');
    expect(top.message).toBe('Invalid arguments for workOrder.create: not known here: colour');
    expect(top.details).toMatchObject({ unknownKeys: ['colour'] });
    const nested = refusal('workOrder.update', { id, changes: { title: 'x', colour: 'red' } });
    expect(nested.details).toMatchObject({ unknownKeys: ['changes.colour'] });
  });

  it('MU-13: accepts arguments without the optional fields (an older client)', () => {
    expect(() => parseMutation('workOrder.create', newWorkOrder)).not.toThrow();
  });
});
