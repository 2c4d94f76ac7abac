import { useState } from 'react';
import { useLiveQuery } from '../../runtime/use-live-query';
import '../ui/browse.css';
import { QrCode } from './qr-code';
import { assetUrl } from '../assets/asset-links';
import { useHashParam } from '../ui/hash-query';
import { Link } from '../ui/router';

interface LabelRow {
  id: string;
  tag: string;
  name: string;
  place: string | null;
}

const maxLabels = 600;

/**
 * Printable QR labels: one card per asset with its QR code (the asset page's
 * URL on this origin), tag and name. `?asset=<id>` prints one asset,
 * `?location=<id>` every asset at that location and below; otherwise all
 * assets, narrowed by a search. The browser's print dialog lays them out
 * three to a row (see `@media print`).
 */
export function LabelsScreen() {
  const asset = useHashParam('asset');
  const location = useHashParam('location');
  const [term, setTerm] = useState('');
  const { rows } = useLiveQuery<LabelRow>(
    `with recursive sub(id, depth) as (
        select id, 0 from locations where id::text = $2
        union all
        select l.id, sub.depth + 1 from locations l join sub on l.parent_id = sub.id
         where sub.depth < 20)
     select a.id, a.tag, a.name, l.name as place
       from assets a left join locations l on l.id = a.location_id
      where a.archived_at is null
        and ($1 = '' or a.id::text = $1)
        and ($2 = '' or a.location_id in (select id from sub))
        and ($3 = '' or strpos(lower(a.tag), lower($3)) > 0 or strpos(lower(a.name), lower($3)) > 0)
      order by a.tag
      limit ${maxLabels + 1}`,
    [asset, location, term.trim()],
  );
  const labels = rows?.slice(0, maxLabels) ?? [];
  const origin = window.location.origin;
  return (
    <section className="screen" data-testid="labels">
      <div className="no-print">
        <p>
          <Link to="/assets">← Assets and locations</Link>
        </p>
        <h1>QR labels</h1>
        <div className="filters">
          {!asset ? (
            <label className="grow">
              Only assets matching
              <input
                type="search"
                value={term}
                placeholder="Tag or name"
                onChange={(e) => setTerm(e.target.value)}
              />
            </label>
          ) : null}
          <div className="filter-actions">
            <button
              type="button"
              className="primary"
              onClick={() => window.print()}
              disabled={labels.length === 0}
            >
              Print {labels.length} {labels.length === 1 ? 'label' : 'labels'}
            </button>
          </div>
        </div>
        {rows && rows.length > maxLabels ? (
          <p className="empty">
            Showing the first {maxLabels}; narrow the search to print the others.
          </p>
        ) : null}
        {rows && rows.length === 0 ? <p className="empty">No assets to label.</p> : null}
      </div>
      <div className="labels" data-testid="label-grid">
        {labels.map((a) => (
          <figure className="label" key={a.id} data-testid="label">
            <QrCode text={assetUrl(origin, a.id)} label={`QR code for ${a.tag}`} />
            <figcaption>
              <div className="label-tag">{a.tag}</div>
              <div className="label-name">{a.name}</div>
              {a.place ? <div className="label-name">{a.place}</div> : null}
            </figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
