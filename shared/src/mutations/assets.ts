import { z } from 'zod';
import { can } from '../auth/access';
import { assetStatuses, criticalities, locationKinds } from '../domain/enums';
import { AppError } from '../errors';
import { decimal, id, isoDate, requiredText, text } from './args';
import { assertNoConflicts } from './conflicts';
import { defineMutator, fieldList, forbidden, notFound } from './define';
import type { MutationTx, Row } from './tx';

const assetFields = z
  .object({
    name: requiredText(200),
    description: text(10_000).nullable(),
    parentId: id.nullable(),
    locationId: id.nullable(),
    status: z.enum(assetStatuses),
    criticality: z.enum(criticalities),
    category: text(100).nullable(),
    manufacturer: text(200).nullable(),
    model: text(200).nullable(),
    serialNumber: text(200).nullable(),
    purchaseDate: isoDate.nullable(),
    purchaseCost: decimal.nullable(),
    warrantyExpiresOn: isoDate.nullable(),
    warrantyNotes: text(2000).nullable(),
    specs: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();

const columnOf: Record<string, string> = {
  name: 'name',
  description: 'description',
  parentId: 'parent_id',
  locationId: 'location_id',
  status: 'status',
  criticality: 'criticality',
  category: 'category',
  manufacturer: 'manufacturer',
  model: 'model',
  serialNumber: 'serial_number',
  purchaseDate: 'purchase_date',
  purchaseCost: 'purchase_cost',
  warrantyExpiresOn: 'warranty_expires_on',
  warrantyNotes: 'warranty_notes',
  specs: 'specs',
};

function toColumns(fields: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [field, value] of Object.entries(fields)) {
    const column = columnOf[field];
    if (column) row[column] = value;
  }
  return row;
}

async function assertParentChain(
  tx: MutationTx,
  assetId: string,
  parentId: string | null | undefined,
) {
  let current = parentId;
  for (let depth = 0; current; depth++) {
    if (current === assetId || depth > 50) {
      throw new AppError('VALIDATION', 'An asset cannot be its own ancestor', { parentId });
    }
    // Locked while walking: a concurrent re-parenting cannot close a cycle past this check (MU-8).
    const parent = await tx.getForUpdate('assets', { id: current });
    if (!parent) throw notFound('Parent asset');
    current = parent.parent_id as string | null;
  }
}

export const createAsset = defineMutator(
  {
    name: 'asset.create',
    label: 'New asset',
    describe: (a) => `New asset ${a.tag}`,
  },
  assetFields.extend({ id, tag: requiredText(64), name: requiredText(200) }),
  async (tx, args) => {
    if (!can(tx.actor, 'assets:create')) throw forbidden('You may not create assets');
    if (await tx.get('assets', { id: args.id }))
      throw new AppError('CONFLICT', 'An asset with this id already exists');
    if ((await tx.list('assets', { tag: args.tag })).length > 0) {
      throw new AppError('CONFLICT', `Tag ${args.tag} is already used`, { field: 'tag' });
    }
    if (args.locationId && !(await tx.get('locations', { id: args.locationId })))
      throw notFound('Location');
    await assertParentChain(tx, args.id, args.parentId);
    const { id: assetId, tag, ...fields } = args;
    const now = tx.now();
    await tx.insert('assets', {
      status: 'operational',
      criticality: 'medium',
      specs: {},
      ...toColumns(fields),
      id: assetId,
      tag,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  },
);

export const updateAsset = defineMutator(
  {
    name: 'asset.update',
    label: 'Change to an asset',
    describe: (a) => `Change to an asset (${fieldList(a.changes)})`,
  },
  z.strictObject({
    id,
    changes: assetFields.refine(
      (c) => Object.keys(c).length > 0,
      'name at least one field to change',
    ),
    seen: z.record(z.string(), z.unknown()).optional(),
  }),
  async (tx, args) => {
    if (!can(tx.actor, 'assets:update')) throw forbidden('You may not update assets');
    const row = await tx.getForUpdate('assets', { id: args.id });
    if (!row) throw notFound('Asset');
    const changes = toColumns(args.changes);
    const seen = args.seen ? toColumns(args.seen) : {};
    assertNoConflicts(row, changes, seen);
    if ('parent_id' in changes)
      await assertParentChain(tx, args.id, changes.parent_id as string | null);
    if (changes.location_id && !(await tx.get('locations', { id: changes.location_id })))
      throw notFound('Location');
    await tx.update(
      'assets',
      { id: args.id },
      { ...changes, version: Number(row.version) + 1, updated_at: tx.now() },
    );
  },
);

export const createLocation = defineMutator(
  {
    name: 'location.create',
    label: 'New location',
    describe: (a) => `New location ${a.name}`,
  },
  z.strictObject({
    id,
    siteId: id,
    parentId: id.optional(),
    code: requiredText(64),
    name: requiredText(200),
    kind: z.enum(locationKinds),
    description: text(2000).optional(),
  }),
  async (tx, args) => {
    if (!can(tx.actor, 'locations:create')) throw forbidden('You may not create locations');
    if (!(await tx.get('sites', { id: args.siteId }))) throw notFound('Site');
    if (args.parentId) {
      const parent = await tx.get('locations', { id: args.parentId });
      if (!parent) throw notFound('Parent location');
      if (parent.site_id !== args.siteId)
        throw new AppError('VALIDATION', 'The parent location is on another site');
    }
    if ((await tx.list('locations', { site_id: args.siteId, code: args.code })).length > 0) {
      throw new AppError('CONFLICT', `Code ${args.code} is already used on this site`, {
        field: 'code',
      });
    }
    const now = tx.now();
    await tx.insert('locations', {
      id: args.id,
      site_id: args.siteId,
      parent_id: args.parentId ?? null,
      code: args.code,
      name: args.name,
      kind: args.kind,
      description: args.description ?? null,
      created_at: now,
      updated_at: now,
    });
  },
);
