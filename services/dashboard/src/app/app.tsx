import { RouterProvider } from '@tanstack/react-router';
import { ErrorState, Loading } from './components/states';
import { SignIn } from './pages/sign-in';
import { router } from './router';
import { SessionProvider, useSignedIn } from './session';

export function App() {
  const { token, signIn, signOut } = useSignedIn();
  if (!token) return <SignIn onSignedIn={signIn} />;
  return (
    <SessionProvider signOut={signOut} ready={<RouterProvider router={router} />}>
      {(state, message) =>
        state === 'loading' ? (
          <main className="center">
            <Loading what="your session" />
          </main>
        ) : (
          <main className="center">
            <ErrorState error={new Error(message ?? 'Your session could not be read')} />
            <button type="button" onClick={signOut}>
              Sign in again
            </button>
          </main>
        )
      }
    </SessionProvider>
  );
}
