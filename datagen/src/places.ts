import { locations, sites, stockLocations } from '@plantkeep/shared/schema';
import { areaByName, areaWeights } from './area-catalog';
import { batch, type Batch } from './batch';
import type { SeedContext } from './context';
import type { LeafPlan, SitePlan, Team } from './model';
import { iso } from './time';
import { buildingNames, siteNames, streetNames } from './vocabulary';

/**
 * Sites and their location trees (building → floor → line/room/area, with
 * outdoor areas directly under a building), plus stock locations: a main
 * store and a line-side crib per site and service vans for some technicians.
 */

export interface Places {
  batches: Batch[];
  sites: SitePlan[];
  leaves: LeafPlan[];
  vans: { id: string; siteIndex: number }[];
}

type LocationRow = typeof locations.$inferInsert;

const floorNames = ['Ground Floor', 'Second Floor', 'Third Floor'];
const outdoor = new Set(['Roof', 'Cooling Tower Yard', 'Generator Yard']);
/** A leaf holds about seven assets once machines, components and line assets are counted. */
const ASSETS_PER_LEAF = 7;

export function buildPlaces(ctx: SeedContext, team: Team): Places {
  const rng = ctx.rng.fork('places');
  const at = iso(ctx.onboarded);
  const common = { tenantId: ctx.tenantId, createdAt: at, updatedAt: at };
  const siteRows: (typeof sites.$inferInsert)[] = [];
  const locationRows: LocationRow[] = [];
  const stockRows: (typeof stockLocations.$inferInsert)[] = [];
  const plans: SitePlan[] = [];
  const leaves: LeafPlan[] = [];

  const siteCount = ctx.sizes.sites;
  const leafTarget = Math.max(siteCount, Math.round(ctx.sizes.assets / ASSETS_PER_LEAF));

  for (let s = 0; s < siteCount; s++) {
    const base = siteNames[s % siteNames.length] as (typeof siteNames)[number];
    const round = Math.floor(s / siteNames.length);
    const name = round === 0 ? base.name : `${base.name} ${round + 1}`;
    const code = round === 0 ? base.code : `${base.code}${round + 1}`;
    const siteId = rng.uuid();
    siteRows.push({
      ...common,
      id: siteId,
      code,
      name,
      address: `${rng.int(100, 9800)} ${rng.pick(streetNames)}, ${base.city}`,
      timezone: base.timezone,
    });

    // Buildings and floors, then leaves dealt round-robin over the floors.
    const leafCount = Math.floor(leafTarget / siteCount) + (s < leafTarget % siteCount ? 1 : 0);
    const buildings = rng.sample(buildingNames, Math.max(1, Math.round(leafCount / 10)));
    const floors: { id: string; code: string; buildingId: string; buildingCode: string }[] = [];
    const buildingIds: string[] = [];
    buildings.forEach((buildingName, b) => {
      const buildingId = rng.uuid();
      const buildingCode = `B${b + 1}`;
      buildingIds.push(buildingId);
      locationRows.push({
        ...common,
        id: buildingId,
        siteId,
        code: buildingCode,
        name: buildingName,
        kind: 'building',
      });
      const floorCount = rng.int(1, 3);
      for (let f = 0; f < floorCount; f++) {
        const floorCode = `${buildingCode}-F${f + 1}`;
        const floorId = rng.uuid();
        locationRows.push({
          ...common,
          id: floorId,
          siteId,
          parentId: buildingId,
          code: floorCode,
          name: `${buildingName} – ${floorNames[f]}`,
          kind: 'floor',
        });
        floors.push({ id: floorId, code: floorCode, buildingId, buildingCode });
      }
    });

    const seen = new Map<string, number>();
    const perParent = new Map<string, number>();
    for (let l = 0; l < leafCount; l++) {
      const floor = floors[l % floors.length] as (typeof floors)[number];
      const area = areaByName(rng.weighted(areaWeights));
      const n = (seen.get(area.name) ?? 0) + 1;
      seen.set(area.name, n);
      const leafName = area.kind === 'line' || n > 1 ? `${area.name} ${n}` : area.name;
      const isOutdoor = outdoor.has(area.name);
      const parentId = isOutdoor ? floor.buildingId : floor.id;
      const k = (perParent.get(parentId) ?? 0) + 1;
      perParent.set(parentId, k);
      const id = rng.uuid();
      locationRows.push({
        ...common,
        id,
        siteId,
        parentId,
        code: `${isOutdoor ? `${floor.buildingCode}-X` : `${floor.code}-`}${String(k).padStart(2, '0')}`,
        name: leafName,
        kind: area.kind,
      });
      leaves.push({ id, siteIndex: s, name: leafName, area });
    }

    const storeId = rng.uuid();
    const cribId = rng.uuid();
    stockRows.push(
      {
        ...common,
        id: storeId,
        siteId,
        locationId: buildingIds[0],
        code: `${code}-MS`,
        name: `${name} Main Stores`,
      },
      {
        ...common,
        id: cribId,
        siteId,
        locationId: buildingIds[0],
        code: `${code}-CRIB`,
        name: `${name} Line-side Crib`,
      },
    );
    plans.push({ index: s, id: siteId, code, name, storeId, cribId });
  }

  // Every fourth technician runs a service van stocked from their site's stores.
  const vans = team.technicians
    .filter((_, i) => i % 4 === 0)
    .map((tech, v) => {
      const id = rng.uuid();
      const site = plans[tech.siteIndex] as SitePlan;
      const code = `VAN-${String(v + 1).padStart(2, '0')}`;
      stockRows.push({
        ...common,
        id,
        siteId: site.id,
        code,
        name: `Service Van ${v + 1} (${tech.name})`,
      });
      return { id, siteIndex: tech.siteIndex };
    });

  return {
    sites: plans,
    leaves,
    vans,
    batches: [
      batch(sites, siteRows),
      batch(locations, locationRows),
      batch(stockLocations, stockRows),
    ],
  };
}
