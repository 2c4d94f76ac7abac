import type { StepKind } from '@plantkeep/shared';

/**
 * Building blocks of PM templates: step and cadence shapes, the cadences a
 * template may use, and checklist steps many templates share.
 */

export interface StepTemplate {
  kind: StepKind;
  title: string;
  required: boolean;
  unit?: string;
  min?: number;
  max?: number;
}

export interface Cadence {
  label: string;
  freq: 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  /** Days ahead of due that the work order is generated. */
  leadDays: number;
}

export const cadences = {
  weekly: { label: 'Weekly', freq: 'WEEKLY', interval: 1, leadDays: 2 },
  biweekly: { label: 'Biweekly', freq: 'WEEKLY', interval: 2, leadDays: 3 },
  monthly: { label: 'Monthly', freq: 'MONTHLY', interval: 1, leadDays: 7 },
  bimonthly: { label: 'Bimonthly', freq: 'MONTHLY', interval: 2, leadDays: 7 },
  quarterly: { label: 'Quarterly', freq: 'MONTHLY', interval: 3, leadDays: 14 },
  semiannual: { label: 'Semi-annual', freq: 'MONTHLY', interval: 6, leadDays: 14 },
  annual: { label: 'Annual', freq: 'YEARLY', interval: 1, leadDays: 30 },
} as const satisfies Record<string, Cadence>;

export type CadenceKey = keyof typeof cadences;

export function rrule(c: Cadence): string {
  return `FREQ=${c.freq};INTERVAL=${c.interval}`;
}

export interface PmTemplate {
  name: string;
  type: 'preventive' | 'inspection';
  category: string;
  cadences: readonly CadenceKey[];
  hours: number;
  /** Part families consumed each time (grease, filters). */
  parts: readonly string[];
  steps: readonly StepTemplate[];
}

export const loto: StepTemplate = { kind: 'check', title: 'Apply lockout/tagout', required: true };
export const guards: StepTemplate = {
  kind: 'pass_fail',
  title: 'Guards and covers in place',
  required: true,
};
export const vib: StepTemplate = {
  kind: 'measurement',
  title: 'Vibration velocity',
  required: true,
  unit: 'mm/s',
  min: 0,
  max: 4.5,
};
export const brgTemp: StepTemplate = {
  kind: 'measurement',
  title: 'Bearing temperature',
  required: false,
  unit: '°C',
  min: 20,
  max: 70,
};
export const notes: StepTemplate = {
  kind: 'text',
  title: 'Notes and follow-up needed',
  required: false,
};
