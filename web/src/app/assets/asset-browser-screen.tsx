import { useMemo, useState } from 'react';
import { useLiveQuery } from '../../runtime/use-live-query';
import {
  ancestorsOf,
  assetCount,
  buildTree,
  type AssetRow,
  type LocationRow,
  type SiteRow,
  type TreeNode,
} from './asset-tree';
import '../ui/browse.css';
import { assetPath } from './asset-links';
import { Link, navigate } from '../ui/router';
import { statusLabel } from '../ui/format';

const expandedKey = 'plantkeep.assetTree.expanded';

function loadExpanded(): Set<string> {
  try {
    const raw = sessionStorage.getItem(expandedKey);
    return new Set(raw ? (JSON.parse(raw) as string[]) : []);
  } catch {
    return new Set(); // an unreadable saved state: start collapsed
  }
}

interface Hit {
  node: TreeNode;
  path: string[];
}

function search(roots: readonly TreeNode[], term: string, limit: number): Hit[] {
  const needle = term.toLowerCase();
  const hits: Hit[] = [];
  const walk = (node: TreeNode, path: string[]) => {
    if (hits.length >= limit) return;
    if (
      node.kind !== 'site' &&
      (node.label.toLowerCase().includes(needle) || node.sub.toLowerCase().includes(needle))
    )
      hits.push({ node, path });
    for (const c of node.children) walk(c, [...path, node.label]);
  };
  for (const r of roots) walk(r, []);
  return hits;
}

/**
 * Sites → locations → assets (and their child assets), from the replica:
 * expandable rows, a search over tags, names and codes, and links to each
 * asset's page. Everything is local, so it works offline.
 */
export function AssetBrowserScreen() {
  const sites = useLiveQuery<SiteRow>('select id, code, name from sites order by name').rows;
  const locations = useLiveQuery<LocationRow>(
    `select id, site_id, parent_id, code, name, kind::text as kind
       from locations where archived_at is null`,
  ).rows;
  const assets = useLiveQuery<AssetRow>(
    `select id, tag, name, parent_id, location_id, status::text as status
       from assets where archived_at is null`,
  ).rows;
  const [expanded, setExpanded] = useState(loadExpanded);
  const [term, setTerm] = useState('');
  const roots = useMemo(
    () => (sites && locations && assets ? buildTree(sites, locations, assets) : undefined),
    [sites, locations, assets],
  );

  const setAndKeep = (next: Set<string>) => {
    setExpanded(next);
    sessionStorage.setItem(expandedKey, JSON.stringify([...next]));
  };
  const toggle = (id: string) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setAndKeep(next);
  };
  const reveal = (id: string) => {
    if (!roots) return;
    setAndKeep(new Set([...expanded, ...ancestorsOf(roots, new Set([id])), id]));
    setTerm('');
    requestAnimationFrame(() =>
      document.getElementById(`node-${id}`)?.scrollIntoView({ block: 'center' }),
    );
  };

  const trimmed = term.trim();
  const hits = roots && trimmed ? search(roots, trimmed, 100) : [];

  return (
    <section className="screen" data-testid="asset-browser">
      <h1>Assets and locations</h1>
      <div className="filters">
        <label className="grow">
          Search
          <input
            type="search"
            value={term}
            placeholder="Tag, name or location code"
            onChange={(e) => setTerm(e.target.value)}
            data-testid="asset-search"
          />
        </label>
        <div className="filter-actions">
          <button type="button" onClick={() => setAndKeep(new Set())}>
            Collapse all
          </button>
          <button type="button" onClick={() => navigate('/scan')}>
            Scan a label
          </button>
          <button type="button" onClick={() => navigate('/labels')}>
            Print labels
          </button>
        </div>
      </div>
      {!roots ? <p className="notice">Loading…</p> : null}
      {roots && trimmed ? (
        hits.length === 0 ? (
          <p className="empty">Nothing matches “{trimmed}”.</p>
        ) : (
          <ul className="tree-hits" data-testid="asset-hits">
            {hits.map(({ node, path }) => (
              <li key={`${node.kind}-${node.id}`}>
                {node.kind === 'asset' ? (
                  <Link to={assetPath(node.id)} className="tree-row hit" testId="asset-hit">
                    <span className="tree-label">{node.label}</span>
                    <span className="tree-sub">{path.join(' › ')}</span>
                  </Link>
                ) : (
                  <button type="button" className="tree-row hit" onClick={() => reveal(node.id)}>
                    <span className="tree-label">{node.label}</span>
                    <span className="tree-sub">{[...path, node.sub].join(' › ')}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {roots && !trimmed ? (
        <ul className="tree" role="tree" data-testid="asset-tree">
          {roots.map((node) => (
            <TreeItem key={node.id} node={node} depth={0} expanded={expanded} toggle={toggle} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function TreeItem({
  node,
  depth,
  expanded,
  toggle,
}: {
  node: TreeNode;
  depth: number;
  expanded: ReadonlySet<string>;
  toggle: (id: string) => void;
}) {
  const open = expanded.has(node.id);
  const hasChildren = node.children.length > 0;
  const count = node.kind === 'asset' ? node.children.length : assetCount(node);
  const twisty = hasChildren ? (
    <button
      type="button"
      className="twisty"
      aria-label={open ? `Fold ${node.label}` : `Unfold ${node.label}`}
      aria-expanded={open}
      onClick={() => toggle(node.id)}
      data-testid="tree-toggle"
    >
      {open ? '▾' : '▸'}
    </button>
  ) : (
    <span className="twisty none" />
  );
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? open : undefined}
      id={`node-${node.id}`}
      data-kind={node.kind}
    >
      <div className={`tree-line depth-${Math.min(depth, 8)}`} style={{ paddingLeft: depth * 20 }}>
        {twisty}
        {node.kind === 'asset' ? (
          <Link to={assetPath(node.id)} className="tree-row" testId="tree-asset">
            <span className="tree-label">{node.label}</span>
            <span className={`badge asset-${node.status}`}>{statusLabel(node.status)}</span>
            {count > 0 ? <span className="tree-sub">{count} parts</span> : null}
          </Link>
        ) : (
          <button
            type="button"
            className="tree-row place"
            onClick={() => (hasChildren ? toggle(node.id) : undefined)}
            data-testid={`tree-${node.kind}`}
          >
            <span className="tree-label">{node.label}</span>
            <span className="tree-sub">
              {node.sub}
              {count > 0 ? ` · ${count} assets` : ''}
            </span>
          </button>
        )}
      </div>
      {open && hasChildren ? (
        <ul role="group">
          {node.children.map((c) => (
            <TreeItem key={c.id} node={c} depth={depth + 1} expanded={expanded} toggle={toggle} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
