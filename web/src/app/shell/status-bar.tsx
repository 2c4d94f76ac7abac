import { syncedTableRef } from '@plantkeep/migrations/replica';
import { useEffect, useState } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useSyncStatus } from '../../runtime/use-mutate';
import { Link } from '../ui/router';
import { formatTime } from '../ui/format';

const rejectionsTable = syncedTableRef('mutation_rejections');

function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `at ${formatTime(ms)}`;
}

/** Always visible: online/offline, pending changes, last synced, needs attention. */
export function StatusBar({ onSignIn }: { onSignIn: () => void }) {
  const { clientId } = useRuntime();
  const status = useSyncStatus();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const pending = useLiveQuery<{ n: number }>(
    'select count(*)::int as n from pending_mutations where client_id = $1',
    [clientId],
  ).rows?.[0]?.n;
  const attention = useLiveQuery<{ n: number }>(
    `select count(*)::int as n from ${rejectionsTable} r
      where r.client_id = $1
        and not exists (select 1 from dismissed_rejections d where d.client_id = r.client_id and d.seq = r.seq)`,
    [clientId],
  ).rows?.[0]?.n;
  return (
    <div
      className="status-bar"
      role="status"
      aria-live="polite"
      data-testid="status-bar"
      data-unsaved={status.unsavedWrites}
    >
      <span className={`pill ${status.online ? 'online' : 'offline'}`} data-testid="status-online">
        {status.online ? 'Online' : 'Offline'}
      </span>
      <span className="pill" data-testid="status-pending" data-count={pending ?? ''}>
        {pending ?? '…'} pending
      </span>
      <span
        className="pill"
        data-testid="status-synced"
        data-initial-sync={status.initialSyncDone ? 'done' : 'pending'}
      >
        {status.lastSyncedAt
          ? `Synced ${ago(status.lastSyncedAt, now)}`
          : status.initialSyncDone
            ? 'Synced'
            : 'Not synced yet'}
      </span>
      {attention !== undefined && attention > 0 ? (
        <Link to="/attention" className="pill attention" testId="status-attention">
          {attention} need attention
        </Link>
      ) : null}
      {status.signedOut ? (
        <button
          type="button"
          className="pill warn"
          data-testid="status-signed-out"
          onClick={onSignIn}
        >
          Session ended: sign in again
        </button>
      ) : null}
      {status.sendProblem ? <span className="pill warn">{status.sendProblem}</span> : null}
      {status.storageProblem ? (
        <span className="pill warn" data-testid="status-storage">
          {status.storageProblem}
        </span>
      ) : null}
    </div>
  );
}
