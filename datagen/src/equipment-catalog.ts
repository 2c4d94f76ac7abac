import { componentTypes } from './equipment-components';
import { productionTypes } from './equipment-production';
import type { ComponentKey, EquipmentType } from './equipment-types';
import { utilityTypes } from './equipment-utilities';

/**
 * Equipment types: what an asset is, who makes it, how it is specified,
 * metered, fails and is maintained. Keys tie areas, parts, failure modes and
 * PM templates together.
 */

export type { ComponentKey, EquipmentType, MeterTemplate } from './equipment-types';

const machines = { ...utilityTypes, ...productionTypes };

export type MachineKey = keyof typeof machines;
export type EquipmentKey = MachineKey | ComponentKey;

export const equipmentTypes: Readonly<Record<EquipmentKey, EquipmentType>> = {
  ...machines,
  ...componentTypes,
};
