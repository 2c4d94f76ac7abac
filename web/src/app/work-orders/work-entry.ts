import { asDate } from '../ui/format';

/** Ids and times of new time-log, part and signature rows are made on the device (offline). */
export const newId = () => globalThis.crypto.randomUUID();
export const nowIso = () => new Date().toISOString();
/** A row's timestamp in ms (0 when absent). */
export const msOf = (v: Date | string | null) => asDate(v)?.getTime() ?? 0;
