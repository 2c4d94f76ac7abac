/** An asset as the picker reads it from the replica. */
export interface AssetChoice {
  id: string;
  tag: string;
  name: string;
  archived: boolean;
}

export interface AssetOption {
  id: string;
  label: string;
}

/** How many options the picker lists at most (typing narrows them). */
export const ASSET_OPTION_LIMIT = 50;

export const assetLabel = (a: Pick<AssetChoice, 'tag' | 'name'>) => `${a.tag} · ${a.name}`;

const byTag = (a: AssetChoice, b: AssetChoice) =>
  a.tag.localeCompare(b.tag, undefined, { numeric: true }) || a.id.localeCompare(b.id);

/**
 * The asset picker's options: assets whose tag or name contains the search
 * term (case-insensitive; every asset for a blank term), archived ones left
 * out, in tag order, at most `limit`. The selected asset always comes first,
 * even when it does not match or is archived, so the select never silently
 * loses the current choice (e.g. `?asset=<id>` from an asset page).
 */
export function filterAssets(
  assets: readonly AssetChoice[],
  term: string,
  selectedId: string,
  limit = ASSET_OPTION_LIMIT,
): AssetOption[] {
  const needle = term.trim().toLowerCase();
  const selected = selectedId.toLowerCase();
  const matches = (a: AssetChoice) =>
    needle === '' || a.tag.toLowerCase().includes(needle) || a.name.toLowerCase().includes(needle);
  const chosen = selected === '' ? undefined : assets.find((a) => a.id.toLowerCase() === selected);
  const rest = assets
    .filter((a) => a !== chosen && !a.archived && matches(a))
    .sort(byTag)
    .slice(0, Math.max(0, chosen ? limit - 1 : limit));
  return (chosen ? [chosen, ...rest] : rest).map((a) => ({ id: a.id, label: assetLabel(a) }));
}
