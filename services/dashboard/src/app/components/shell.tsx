import { useQuery } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { api, unwrap } from '../api';
import { useSession } from '../session';

function ClientSwitcher() {
  const { clientId, setClientId } = useSession();
  // Admins see every client; the switcher lists the first 500 (the API's page ceiling).
  const clients = useQuery({
    queryKey: ['clients'],
    queryFn: () => unwrap(api.GET('/api/clients', { params: { query: { limit: 500 } } })),
  });
  return (
    <label className="switcher">
      Client
      <select value={clientId ?? ''} onChange={(e) => setClientId(e.target.value || null)} disabled={!clients.data}>
        <option value="">{clients.isPending ? 'Loading clients…' : 'Choose a client'}</option>
        {clients.data?.items.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Shell() {
  const { me, isAdmin, signOut } = useSession();
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Outreach</span>
        <nav aria-label="Main">
          <Link to="/" activeOptions={{ exact: true }} activeProps={{ 'aria-current': 'page' }}>
            Home
          </Link>
          <Link to="/campaigns" activeProps={{ 'aria-current': 'page' }}>
            Campaigns
          </Link>
          <Link to="/inbox" activeProps={{ 'aria-current': 'page' }}>
            Inbox
          </Link>
          <Link to="/analytics" activeProps={{ 'aria-current': 'page' }}>
            Analytics
          </Link>
          <Link to="/accounts" activeProps={{ 'aria-current': 'page' }}>
            LinkedIn accounts
          </Link>
          <Link to="/settings" activeProps={{ 'aria-current': 'page' }}>
            Settings
          </Link>
          {isAdmin && (
            <Link to="/admin" activeProps={{ 'aria-current': 'page' }}>
              Admin
            </Link>
          )}
        </nav>
        <div className="row">
          {isAdmin && <ClientSwitcher />}
          <span className="who">
            {me.email ?? 'API key'} · {me.role}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

/** Admins must pick a client before client pages show anything. */
export function NeedsClient() {
  return (
    <div className="state empty">
      <h1>Choose a client</h1>
      <p>You are an admin: pick the client to work on with the switcher at the top.</p>
    </div>
  );
}
