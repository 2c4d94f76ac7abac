import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * A new deployment's service worker waits until the user agrees: the pending
 * queue lives in the replica (IndexedDB), so reloading loses nothing.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
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
