import { mechanicalFamilies } from './part-families-mechanical';
import { specialtyFamilies } from './part-families-specialty';

/**
 * Spare-part families. Equipment types and failure modes refer to families by
 * key; each generated part belongs to one family and gets a unique number.
 */

export interface PartFamily {
  key: string;
  /** Part-number prefix, e.g. BRG-10042. */
  prefix: string;
  names: readonly string[];
  /** Variant codes appended to the name, e.g. bearing sizes. */
  variants: readonly string[];
  makers: readonly string[];
  unit: 'each' | 'L' | 'kg' | 'm' | 'box' | 'set';
  cost: readonly [number, number];
  /** Typical quantity used per job; fractional families are bulk (oil, grease). */
  perJob: readonly [number, number];
  /** Relative share of the catalog. */
  weight: number;
}

export const partFamilies: readonly PartFamily[] = [...mechanicalFamilies, ...specialtyFamilies];
