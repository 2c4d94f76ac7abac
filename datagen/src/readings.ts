import { meterReadings } from '@plantkeep/shared/schema';
import type { MeterPlan } from './assets';
import { batch, num, type Batch } from './batch';
import type { SeedContext } from './context';
import type { Crew } from './crew';
import type { WorkOrderPlan } from './model';
import { DAY, iso, workingTime } from './time';

/**
 * Meter readings: a round roughly monthly for counters (run hours, cycles)
 * and every few weeks for gauges (pressure, temperature), plus a reading at
 * every completed PM on the asset, linked to that work order. Counters only
 * ever go up; gauges scatter around their normal value.
 */

const CHUNK = 20_000;
export function* readingBatches(
  ctx: SeedContext,
  meters: MeterPlan[],
  orders: WorkOrderPlan[],
  crew: Crew,
): Generator<Batch> {
  const rng = ctx.rng.fork('meter-readings');
  const service = new Map<
    string,
    { at: number; workOrderId: string; userId: string | undefined }[]
  >();
  for (const wo of orders) {
    const at = wo.life.workEndedAt;
    if (!wo.schedule || at === undefined) continue;
    const list = service.get(wo.asset.id) ?? [];
    list.push({ at, workOrderId: wo.id, userId: wo.assignees[0]?.id });
    service.set(wo.asset.id, list);
  }

  let rows: (typeof meterReadings.$inferInsert)[] = [];
  for (const meter of meters) {
    // Hand over in chunks: the biggest tenants have hundreds of thousands.
    if (rows.length >= CHUNK) {
      yield batch(meterReadings, rows);
      rows = [];
    }
    const { asset, template } = meter;
    const from = Math.max(asset.activeFrom, ctx.start);
    const to = Math.min(asset.activeUntil, ctx.anchor);
    const counter = template.kind === 'counter';
    const readings: { at: number; workOrderId?: string; userId?: string }[] = [];
    for (
      let t = from + rng.int(0, 20) * DAY;
      t < to;
      t += rng.int(counter ? 25 : 18, counter ? 35 : 24) * DAY
    ) {
      const at = workingTime(rng, t);
      if (at < to) readings.push({ at });
    }
    for (const s of service.get(asset.id) ?? [])
      readings.push({ at: s.at, workOrderId: s.workOrderId, userId: s.userId });
    readings.sort((a, b) => a.at - b.at);

    const digits = template.rate >= 100 ? 0 : counter || template.rate >= 10 ? 1 : 2;
    let value = template.rate * ((from - asset.installedAt) / DAY) * 0.85;
    let last = from;
    const staff = crew.at(asset.siteIndex);
    for (const r of readings) {
      if (counter) value += template.rate * ((r.at - last) / DAY) * rng.float(0.7, 1.1);
      else value = Math.max(0, rng.normal(template.rate, template.spread ?? template.rate * 0.05));
      last = r.at;
      rows.push({
        tenantId: ctx.tenantId,
        id: rng.uuid(),
        meterId: meter.id,
        value: num(value, digits),
        readAt: iso(r.at),
        recordedBy: r.userId ?? rng.pick(staff).id,
        workOrderId: r.workOrderId ?? null,
        note: r.workOrderId ? 'Recorded at PM' : null,
        createdAt: iso(r.at),
      });
    }
  }
  yield batch(meterReadings, rows);
}
