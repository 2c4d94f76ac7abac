import { useRuntime } from '../runtime/runtime-context';
import { sessionStore } from '../session/session-store';
import { StatusBar } from './components/status-bar';
import { PhotoUploader } from './work-order/photo-uploader';
import { Link, matchPath, usePath } from './router';
import { routes } from './routes';

/** Header with navigation and user, the status bar, and the current screen. */
export function Shell({ onSwitchUser }: { onSwitchUser: () => void }) {
  const { user, auth } = useRuntime();
  const path = usePath();
  let screen = <p className="notice">No such page.</p>;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) {
      screen = <>{route.render(params)}</>;
      break;
    }
  }
  const signOut = () => {
    const token = auth.accessToken();
    if (token) {
      fetch('/v1/auth/logout', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      }).catch(() => undefined);
    }
    // Pending work stays in this user's replica and goes out at their next sign-in.
    sessionStore.remove(user.id);
    onSwitchUser();
  };
  return (
    <div className="shell">
      <header className="top">
        <nav>
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
      <StatusBar />
      <PhotoUploader />
      <main>{screen}</main>
    </div>
  );
}
