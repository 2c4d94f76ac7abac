import type { Criticality } from '@plantkeep/shared';
import type { PmTemplateKey } from './pm-templates';
import type { Rng } from './prng';

/**
 * The shape of an equipment type (see equipment-catalog.ts) and small
 * helpers the type definitions share.
 */

export interface MeterTemplate {
  name: string;
  unit: string;
  kind: 'counter' | 'gauge';
  /** Counter: units added per day in service. Gauge: the normal reading. */
  rate: number;
  /** Gauge: typical spread around normal (one standard deviation). */
  spread?: number;
}

export type Specs = Record<string, string | number>;

export type ComponentKey = 'motor' | 'gearbox' | 'vfd';

export interface EquipmentType {
  category: string;
  tagPrefix: string;
  names: readonly string[];
  makers: readonly (readonly [string, readonly string[]])[];
  specs: (rng: Rng) => Specs;
  cost: readonly [number, number];
  criticality: Readonly<Record<Criticality, number>>;
  meters: readonly MeterTemplate[];
  /** Part families a bill of materials is drawn from. */
  parts: readonly string[];
  failures: readonly string[];
  /** Relative likelihood of reactive work per asset-year; 0 = never fails on its own. */
  failureRate: number;
  pm: readonly PmTemplateKey[];
  /** Child components a machine of this type may have (motor, gearbox, drive). */
  components: readonly ComponentKey[];
  warrantyYears: number;
}

/** A random value rounded to a plausible step, e.g. 0.5 m or 50 Nm. */
export const step = (rng: Rng, min: number, max: number, by: number) =>
  Math.round(rng.float(min, max) / by) * by;
export const runHours = (perDay: number): MeterTemplate => ({
  name: 'Run hours',
  unit: 'h',
  kind: 'counter',
  rate: perDay,
});
/** Relative weights of each criticality for assets of a type. */
export const crit = (low: number, medium: number, high: number, critical: number) => ({
  low,
  medium,
  high,
  critical,
});
