import { pgEnum } from 'drizzle-orm/pg-core';
import {
  assetStatuses,
  authTokenKinds,
  criticalities,
  locationKinds,
  meterKinds,
  movementKinds,
  notificationChannels,
  priorities,
  scheduleModes,
  signaturePurposes,
  stepKinds,
  workOrderStatuses,
  workOrderTypes,
} from '../domain/enums';

export const workOrderStatusEnum = pgEnum('work_order_status', workOrderStatuses);
export const workOrderTypeEnum = pgEnum('work_order_type', workOrderTypes);
export const priorityEnum = pgEnum('priority', priorities);
export const assetStatusEnum = pgEnum('asset_status', assetStatuses);
export const criticalityEnum = pgEnum('criticality', criticalities);
export const stepKindEnum = pgEnum('step_kind', stepKinds);
export const movementKindEnum = pgEnum('movement_kind', movementKinds);
export const meterKindEnum = pgEnum('meter_kind', meterKinds);
export const scheduleModeEnum = pgEnum('schedule_mode', scheduleModes);
export const locationKindEnum = pgEnum('location_kind', locationKinds);
export const notificationChannelEnum = pgEnum('notification_channel', notificationChannels);
export const authTokenKindEnum = pgEnum('auth_token_kind', authTokenKinds);
export const signaturePurposeEnum = pgEnum('signature_purpose', signaturePurposes);
