/** Rows the browser reads, and the site → location → asset tree built from them in memory. */

export interface SiteRow {
  id: string;
  code: string;
  name: string;
}

export interface LocationRow {
  id: string;
  site_id: string;
  parent_id: string | null;
  code: string;
  name: string;
  kind: string;
}

export interface AssetRow {
  id: string;
  tag: string;
  name: string;
  parent_id: string | null;
  location_id: string | null;
  status: string;
}

export type TreeNode =
  | { kind: 'site'; id: string; label: string; sub: string; children: TreeNode[] }
  | { kind: 'location'; id: string; label: string; sub: string; children: TreeNode[] }
  | { kind: 'asset'; id: string; label: string; sub: string; status: string; children: TreeNode[] };

const byLabel = (a: TreeNode, b: TreeNode) =>
  a.kind === b.kind ? a.label.localeCompare(b.label) : a.kind === 'location' ? -1 : 1;

/**
 * Sites hold their root locations; a location holds its child locations and
 * the assets placed there whose parent asset is elsewhere (or absent); an
 * asset holds its child assets. Assets with neither a place nor a parent go
 * under "Not placed". Rows pointing at something missing from the replica
 * (archived, not synced) are attached one level up rather than lost.
 */
export function buildTree(
  sites: readonly SiteRow[],
  locations: readonly LocationRow[],
  assets: readonly AssetRow[],
): TreeNode[] {
  const locationNodes = new Map<string, TreeNode>();
  for (const l of locations) {
    locationNodes.set(l.id, {
      kind: 'location',
      id: l.id,
      label: l.name,
      sub: `${l.code} · ${l.kind}`,
      children: [],
    });
  }
  const assetNodes = new Map<string, TreeNode>();
  for (const a of assets) {
    assetNodes.set(a.id, {
      kind: 'asset',
      id: a.id,
      label: `${a.tag} · ${a.name}`,
      sub: a.status,
      status: a.status,
      children: [],
    });
  }
  const siteNodes = new Map<string, TreeNode>();
  for (const s of sites) {
    siteNodes.set(s.id, { kind: 'site', id: s.id, label: s.name, sub: s.code, children: [] });
  }
  const unplaced: TreeNode = {
    kind: 'location',
    id: 'unplaced',
    label: 'Not placed',
    sub: 'assets without a location',
    children: [],
  };

  for (const l of locations) {
    const node = locationNodes.get(l.id)!;
    const parent =
      (l.parent_id ? locationNodes.get(l.parent_id) : undefined) ?? siteNodes.get(l.site_id);
    (parent ?? unplaced).children.push(node);
  }
  const assetById = new Map(assets.map((a) => [a.id, a]));
  for (const a of assets) {
    const node = assetNodes.get(a.id)!;
    const parentRow = a.parent_id ? assetById.get(a.parent_id) : undefined;
    const parentHere =
      parentRow && (a.location_id === null || parentRow.location_id === a.location_id);
    const parent =
      (parentHere ? assetNodes.get(parentRow.id) : undefined) ??
      (a.location_id ? locationNodes.get(a.location_id) : undefined) ??
      (parentRow ? assetNodes.get(parentRow.id) : undefined) ??
      unplaced;
    parent.children.push(node);
  }
  const sortDeep = (nodes: TreeNode[]) => {
    nodes.sort(byLabel);
    for (const n of nodes) sortDeep(n.children);
  };
  const roots = [...siteNodes.values()];
  if (unplaced.children.length > 0) roots.push(unplaced);
  for (const r of roots) sortDeep(r.children);
  return roots;
}

/** Ids of every node on the way to (and excluding) the nodes whose id is in `targets`. */
export function ancestorsOf(roots: readonly TreeNode[], targets: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const walk = (node: TreeNode, path: string[]): boolean => {
    let found = targets.has(node.id);
    for (const child of node.children) if (walk(child, [...path, node.id])) found = true;
    if (found) for (const id of path) out.add(id);
    if (found && !targets.has(node.id)) out.add(node.id);
    return found;
  };
  for (const r of roots) walk(r, []);
  return out;
}

/** Counts every asset below a node (for the "12 assets" hint on folded rows). */
export function assetCount(node: TreeNode): number {
  let n = 0;
  for (const c of node.children) n += (c.kind === 'asset' ? 1 : 0) + assetCount(c);
  return n;
}
