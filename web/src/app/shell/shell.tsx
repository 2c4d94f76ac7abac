import { useEffect, useRef } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { sessionStore } from '../../session/session-store';
import { StatusBar } from './status-bar';
import { PhotoUploader } from '../work-orders/photo-uploader';
import { navOverflow, revealScrollLeft } from './nav-overflow';
import { Link, matchPath, usePath } from '../ui/router';
import { routes } from '../routes';

/** How far from a faded edge the current screen's link is scrolled into view (px). */
const revealMargin = 48;

/**
 * The navigation's scroll state as `data-more-before` / `data-more-after`
 * (the CSS fades an edge that hides links), kept current on scroll and
 * resize; on every screen change the current link is scrolled into view.
 */
function useScrollingNav(path: string) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const nav = ref.current;
    if (!nav) return;
    const mark = () => {
      const { before, after } = navOverflow(nav);
      nav.dataset.moreBefore = String(before);
      nav.dataset.moreAfter = String(after);
    };
    mark();
    const resized = new ResizeObserver(mark);
    resized.observe(nav);
    nav.addEventListener('scroll', mark, { passive: true });
    return () => {
      resized.disconnect();
      nav.removeEventListener('scroll', mark);
    };
  }, []);
  useEffect(() => {
    const nav = ref.current;
    const active = nav?.querySelector<HTMLElement>('a.nav.active');
    if (!nav || !active) return;
    const box = nav.getBoundingClientRect();
    const link = active.getBoundingClientRect();
    nav.scrollLeft = revealScrollLeft(
      nav,
      { left: link.left - box.left + nav.scrollLeft, width: link.width },
      revealMargin,
    );
  }, [path]);
  return ref;
}

/** Header with navigation and user, the status bar, and the current screen. */
export function Shell({ onSwitchUser }: { onSwitchUser: () => void }) {
  const { user, auth, http } = useRuntime();
  const path = usePath();
  const navRef = useScrollingNav(path);
  let screen = <p className="notice">No such page.</p>;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) {
      screen = <>{route.render(params)}</>;
      break;
    }
  }
  const forget = () => {
    // Pending work stays in this user's replica and goes out at their next sign-in.
    sessionStore.remove(user.id);
    onSwitchUser();
  };
  const signOut = () => {
    // The device forgets the tokens either way; a revoke that fails (offline)
    // leaves the server's session to expire on its own: log it, nothing more.
    if (auth.accessToken())
      http.fetch('/v1/auth/logout', { method: 'POST' }).then(
        (res) => void res.body?.cancel(),
        (error: unknown) => console.warn('sign-out request failed', error),
      );
    forget();
  };
  return (
    <div className="shell">
      <header className="top">
        <nav ref={navRef} aria-label="Screens">
          {routes
            .filter((r) => r.nav)
            .map((r) => (
              <Link
                key={r.pattern}
                to={r.pattern}
                className={path === r.pattern ? 'nav active' : 'nav'}
              >
                {r.nav}
              </Link>
            ))}
        </nav>
        <div className="user">
          <span data-testid="user-name">{user.name}</span>
          <button type="button" onClick={onSwitchUser}>
            Switch user
          </button>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <StatusBar onSignIn={forget} />
      <PhotoUploader />
      <main>{screen}</main>
    </div>
  );
}
