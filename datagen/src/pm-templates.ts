import { productionTemplates } from './pm-templates-production';
import { utilityTemplates } from './pm-templates-utilities';

/**
 * Preventive-maintenance templates: the checklist, cadence options and
 * consumables of a routine. A schedule is one template applied to one asset.
 */

export {
  cadences,
  rrule,
  type Cadence,
  type CadenceKey,
  type PmTemplate,
  type StepTemplate,
} from './pm-basics';

export const pmTemplates = { ...utilityTemplates, ...productionTemplates };

export type PmTemplateKey = keyof typeof pmTemplates;
