import { useRegisterSW } from 'virtual:pwa-register/react';
import { closeOpenRuntimes } from '../../runtime/runtime';

/** A tablet may stay on one page for days: look for a new deployment this often, and on reconnect. */
const checkEveryMs = 60 * 60_000;

function watchForUpdates(registration: ServiceWorkerRegistration | undefined): void {
  if (!registration) return;
  const check = () => {
    // A failed check is made again at the next interval or reconnect.
    if (navigator.onLine) registration.update().catch(() => undefined);
  };
  window.addEventListener('online', check);
  setInterval(check, checkEveryMs);
}

/** The new version controls the page: persist the replicas, then load it. */
function reloadIntoNewVersion(): void {
  closeOpenRuntimes()
    // Reload anyway: the queue is in IndexedDB up to the last confirmed copy.
    .catch((error: unknown) => console.error('closing before the update failed', error))
    .finally(() => window.location.reload());
}

/**
 * Lets the waiting worker take over, then reloads into it. On a page the
 * service worker controls, the plugin reloads when the new worker takes
 * control. A first visit is controlled by no worker and is never taken over,
 * so it reloads once the new worker is active (the reload is then served by
 * it).
 */
async function applyUpdate(skipWaiting: () => Promise<void>): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration();
  const waiting = registration?.waiting;
  const controlled = navigator.serviceWorker.controller !== null;
  if (!controlled && waiting) {
    waiting.addEventListener('statechange', () => {
      if (waiting.state === 'activated') reloadIntoNewVersion();
    });
  }
  await skipWaiting();
  if (!controlled && !waiting) reloadIntoNewVersion();
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
    // The app runs without a service worker, only not offline: say so in the console.
    onRegisterError: (error: unknown) => console.warn('service worker registration failed', error),
  });
  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>New version available</span>
      <button
        type="button"
        className="primary"
        onClick={() => void applyUpdate(() => updateServiceWorker(true))}
      >
        Reload
      </button>
      <button type="button" onClick={() => setNeedRefresh(false)}>
        Later
      </button>
    </div>
  );
}
