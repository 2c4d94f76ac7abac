import { useMemo, useState } from 'react';
import { useLiveQuery } from '../../runtime/use-live-query';
import { filterAssets, type AssetChoice } from './asset-filter';

/**
 * Choosing an asset on a form: a search box over tag and name and a select
 * of the matching assets (`filterAssets`), with "No asset" first. Reads the
 * replica, so it works offline. Nothing is shown while the replica holds no
 * asset at all.
 */
export function AssetPicker({
  value,
  onChange,
  label = 'Asset',
}: {
  /** The chosen asset's id, '' for none. */
  value: string;
  onChange: (assetId: string) => void;
  label?: string;
}) {
  const [search, setSearch] = useState('');
  const assets = useLiveQuery<AssetChoice>(
    `select id, tag, name, archived_at is not null as archived from assets`,
  ).rows;
  const options = useMemo(() => filterAssets(assets ?? [], search, value), [assets, search, value]);
  if (!assets || assets.length === 0) return null;
  return (
    <>
      <label>
        {label}
        <input
          type="search"
          name="asset-search"
          placeholder="Search by tag or name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      <select
        name="asset"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={label}
        data-testid="asset-select"
      >
        <option value="">No asset</option>
        {options.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </select>
    </>
  );
}
