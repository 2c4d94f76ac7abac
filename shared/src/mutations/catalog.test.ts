import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { mutators } from './catalog';
import { findMutator, parseMutation } from './parse';

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

/** Paths of the object schemas inside `schema` that accept keys they do not declare. */
function looseObjects(schema: unknown, path = 'args'): string[] {
  const def = defOf(schema);
  const inner = (key: string, at = path) => looseObjects(def[key], at);
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall ? defOf(def.catchall).type : undefined;
      const shape = def.shape as Record<string, unknown>;
      return [
        ...(catchall === 'never' ? [] : [path]),
        ...Object.entries(shape).flatMap(([key, value]) => looseObjects(value, `${path}.${key}`)),
      ];
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return inner('innerType');
    case 'pipe':
      return [...inner('in'), ...inner('out')];
    case 'array':
      return inner('element', `${path}[]`);
    case 'union':
      return (def.options as unknown[]).flatMap((o) => looseObjects(o, path));
    case 'intersection':
      return [...inner('left'), ...inner('right')];
    default:
      return [];
  }
}

describe('the mutation catalog', () => {
  it('MU-13: every object in every argument schema refuses keys it does not know (none is silently dropped)', () => {
    const loose = Object.values(mutators).flatMap((m) =>
      looseObjects(m.args).map((p) => `${m.name}: ${p}`),
    );
    expect(loose).toEqual([]);
  });

  it('keys every mutator by its own name and gives each a label in words', () => {
    for (const [key, mutator] of Object.entries(mutators)) {
      expect(mutator.name).toBe(key);
      expect(mutator.label).not.toBe(mutator.name);
      expect(mutator.label).toMatch(/^[A-Z][a-z]/);
    }
  });

  it('finds only its own mutators, never inherited properties', () => {
    expect(findMutator('workOrder.create')?.name).toBe('workOrder.create');
    expect(findMutator('toString')).toBeUndefined();
    expect(findMutator('__proto__')).toBeUndefined();
    expect(() => parseMutation('constructor', {})).toThrow('Unknown mutation constructor');
  });
});
