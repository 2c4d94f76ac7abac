import type { StepTemplate } from './pm-basics';

/** Steps of a reactive job: safety first, diagnosis, repair, test. */
export const correctiveSteps: {
  first: StepTemplate;
  middle: readonly StepTemplate[];
  last: StepTemplate;
} = {
  first: { kind: 'check', title: 'Apply lockout/tagout and verify zero energy', required: true },
  middle: [
    { kind: 'text', title: 'Describe the condition found', required: false },
    { kind: 'check', title: 'Inspect surrounding components for damage', required: false },
    {
      kind: 'measurement',
      title: 'Motor current after repair',
      required: false,
      unit: 'A',
      min: 4,
      max: 18,
    },
    {
      kind: 'measurement',
      title: 'Vibration velocity (drive end)',
      required: false,
      unit: 'mm/s',
      min: 0,
      max: 4.5,
    },
    {
      kind: 'measurement',
      title: 'Bearing temperature',
      required: false,
      unit: '°C',
      min: 20,
      max: 75,
    },
    { kind: 'check', title: 'Replace failed component', required: true },
    { kind: 'check', title: 'Clean work area and remove tools', required: false },
  ],
  last: { kind: 'pass_fail', title: 'Test run and hand back to production', required: true },
};
