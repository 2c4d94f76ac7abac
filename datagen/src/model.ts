import type { Criticality, DefaultRoleName, Priority, WorkOrderType } from '@plantkeep/shared';
import type { AreaTemplate } from './area-catalog';
import type { EquipmentKey, EquipmentType } from './equipment-catalog';
import type { FailureMode } from './failure-modes';
import type { Lifecycle } from './lifecycle';
import type { PartFamily } from './part-catalog';
import type { Cadence, PmTemplate } from './pm-templates';

/**
 * The in-memory plan of a tenant that the row builders read. Plans hold
 * what later steps need to stay consistent (ids, sites, active periods);
 * rows are derived from them.
 */

export interface Person {
  id: string;
  name: string;
  email: string;
  role: DefaultRoleName;
  siteIndex: number;
}

export interface Team {
  admin: Person;
  supervisor: Person;
  requester: Person;
  technicians: Person[];
  everyone: Person[];
}

export interface SitePlan {
  index: number;
  id: string;
  code: string;
  name: string;
  /** Main storeroom: where work orders draw parts. */
  storeId: string;
  /** Line-side crib that storerooms transfer stock to. */
  cribId: string;
}

export interface LeafPlan {
  id: string;
  siteIndex: number;
  name: string;
  area: AreaTemplate;
}

export interface PartPlan {
  id: string;
  partNumber: string;
  family: PartFamily;
  unitCost: number;
  minQuantity: number;
  reorderQuantity: number;
}

export interface AssetPlan {
  id: string;
  tag: string;
  name: string;
  /** undefined for production-line assets, which group machines and are not maintained themselves. */
  key: EquipmentKey | undefined;
  type: EquipmentType | undefined;
  siteIndex: number;
  locationId: string;
  parentId: string | undefined;
  criticality: Criticality;
  /** In service from (install date or history start) until retirement (Infinity if never). */
  activeFrom: number;
  activeUntil: number;
  installedAt: number;
  /** Spare parts this asset uses (its bill of materials). */
  bom: PartPlan[];
}

export interface SchedulePlan {
  id: string;
  name: string;
  asset: AssetPlan;
  template: PmTemplate;
  cadence: Cadence;
  mode: 'fixed' | 'floating';
  startsOn: number;
  endsOn: number | undefined;
  priority: Priority;
  estimatedHours: number;
  assignee: Person | undefined;
  parts: { part: PartPlan; quantity: number }[];
  lastCompletedAt: number | undefined;
  nextDueOn: number | undefined;
}

export interface DowntimePlan {
  startedAt: number;
  endedAt: number | undefined;
  planned: boolean;
}

export interface WorkOrderPlan {
  id: string;
  /** Assigned after all plans are sorted by creation time. */
  number: number;
  type: WorkOrderType;
  priority: Priority;
  planned: boolean;
  title: string;
  description: string | undefined;
  category: string;
  asset: AssetPlan;
  estimatedHours: number;
  dueDate: number;
  createdBy: Person | undefined;
  requester: Person | undefined;
  assignees: Person[];
  life: Lifecycle;
  failure: FailureMode | undefined;
  /** Diagnosed cause and the fix, known once the job is completed. */
  cause: string | undefined;
  resolution: string | undefined;
  schedule: SchedulePlan | undefined;
  pmDueOn: number | undefined;
  downtime: DowntimePlan | undefined;
}
