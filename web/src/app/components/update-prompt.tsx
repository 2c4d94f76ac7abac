import { useRegisterSW } from 'virtual:pwa-register/react';
import { closeOpenRuntimes } from '../../runtime/runtime';

/** A tablet may stay on one page for days: look for a new deployment this often, and on reconnect. */
const checkEveryMs = 60 * 60_000;

function watchForUpdates(registration: ServiceWorkerRegistration | undefined): void {
  if (!registration) return;
  const check = () => {
    if (navigator.onLine) registration.update().catch(() => undefined);
  };
  window.addEventListener('online', check);
  setInterval(check, checkEveryMs);
}

/** The new version controls the page: persist the replicas, then load it. */
function reloadIntoNewVersion(): void {
  closeOpenRuntimes()
    .catch(() => undefined)
    .finally(() => window.location.reload());
}

/**
 * A new deployment's service worker waits until the user agrees. The pending
 * queue lives in the replica (IndexedDB), which is persisted before the page
 * reloads, so nothing is lost; the new version upgrades the replica's synced
 * schema if it changed and keeps the queue (SPEC CL-6).
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW: (_url, registration) => watchForUpdates(registration),
    onNeedReload: reloadIntoNewVersion,
    onRegisterError: () => undefined,
  });
  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>New version available</span>
      <button type="button" className="primary" onClick={() => void updateServiceWorker(true)}>
        Reload
      </button>
      <button type="button" onClick={() => setNeedRefresh(false)}>
        Later
      </button>
    </div>
  );
}
