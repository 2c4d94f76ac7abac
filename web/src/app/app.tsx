import { useState } from 'react';
import { RuntimeProvider } from '../runtime/runtime-context';
import { sessionStore } from '../session/session-store';
import { UpdatePrompt } from './shell/update-prompt';
import { LoginScreen } from './login/login-screen';
import { Shell } from './shell/shell';

/** Signed out → login; signed in → that user's runtime (replica, sync, sender) and the screens. */
export function App() {
  const [userId, setUserId] = useState(() => {
    const id = sessionStore.currentUserId();
    return id && sessionStore.load(id) ? id : undefined;
  });
  const switchTo = (id: string | undefined) => {
    sessionStore.setCurrentUser(id);
    setUserId(id);
  };
  return (
    <>
      <UpdatePrompt />
      {userId ? (
        <RuntimeProvider key={userId} userId={userId}>
          <Shell onSwitchUser={() => switchTo(undefined)} />
        </RuntimeProvider>
      ) : (
        <LoginScreen onSignedIn={(id) => switchTo(id)} />
      )}
    </>
  );
}
