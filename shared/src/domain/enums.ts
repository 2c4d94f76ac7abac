/**
 * Closed vocabularies of the domain. Each is a const tuple so the same list
 * feeds Postgres enums (schema/), zod validation and the UI.
 */
export const workOrderStatuses = [
  'requested',
  'open',
  'in_progress',
  'on_hold',
  'completed',
  'verified',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

export const workOrderTypes = ['corrective', 'preventive', 'inspection', 'emergency'] as const;
export type WorkOrderType = (typeof workOrderTypes)[number];

export const priorities = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof priorities)[number];

export const assetStatuses = ['operational', 'down', 'in_maintenance', 'retired'] as const;
export type AssetStatus = (typeof assetStatuses)[number];

export const criticalities = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof criticalities)[number];

export const stepKinds = ['check', 'pass_fail', 'measurement', 'text'] as const;
export type StepKind = (typeof stepKinds)[number];

/** Inventory ledger entry kinds; stock on hand is the sum of quantities. */
export const movementKinds = ['receive', 'issue', 'transfer', 'adjust', 'count'] as const;
export type MovementKind = (typeof movementKinds)[number];

export const meterKinds = ['counter', 'gauge'] as const;
export type MeterKind = (typeof meterKinds)[number];

/** Fixed: next due follows the calendar. Floating: next due counts from the last completion. */
export const scheduleModes = ['fixed', 'floating'] as const;
export type ScheduleMode = (typeof scheduleModes)[number];

export const locationKinds = ['site', 'building', 'floor', 'area', 'room', 'line'] as const;
export type LocationKind = (typeof locationKinds)[number];

export const notificationChannels = ['in_app', 'email', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const authTokenKinds = ['password_reset', 'email_verification', 'invitation'] as const;
export type AuthTokenKind = (typeof authTokenKinds)[number];

export const signaturePurposes = ['completion', 'verification', 'handover'] as const;
export type SignaturePurpose = (typeof signaturePurposes)[number];
