import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api';
import { ConfirmButton } from '../components/dialog';
import { Empty, ErrorState, Loading, formatTime } from '../components/states';
import { useSession } from '../session';

export function ApiKeys(props: { clientId: string }) {
  const { canWrite } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const keys = useQuery({
    queryKey: ['api-keys', props.clientId],
    queryFn: () => unwrap(api.GET('/api/clients/{id}/api-keys', { params: { path: { id: props.clientId }, query: { limit: 100 } } })),
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/clients/{id}/api-keys', { params: { path: { id: props.clientId } }, body: { name } })),
    onSuccess: () => {
      setName('');
      return queryClient.invalidateQueries({ queryKey: ['api-keys', props.clientId] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys', props.clientId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {keys.isPending && <Loading what="API keys" />}
      {keys.isError && <ErrorState error={keys.error} />}
      {keys.data && keys.data.items.length === 0 && <Empty>No API key.</Empty>}
      {keys.data && keys.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{formatTime(k.last_used_at)}</td>
                <td>
                  {k.revoked_at ? (
                    `revoked ${formatTime(k.revoked_at)}`
                  ) : canWrite ? (
                    <ConfirmButton
                      label={`Revoke ${k.name}`}
                      tone="danger"
                      title={`Revoke ${k.name}?`}
                      description="Calls with this key answer 401 from now on."
                      onConfirm={() => revoke.mutateAsync(k.id).catch(() => undefined)}
                    />
                  ) : (
                    'active'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError && <ErrorState error={revoke.error} action="Revoking" />}
      {canWrite && (
        <form className="row" onSubmit={submit}>
          <label>
            New key name
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={create.isPending}>
            Create API key
          </button>
        </form>
      )}
      {create.isError && <ErrorState error={create.error} action="Creating the key" />}
      {create.data && (
        <p className="state" role="status">
          Copy the key now, it is shown only once: <code>{create.data.key}</code>
        </p>
      )}
    </section>
  );
}

export function Users(props: { clientId: string }) {
  const { isAdmin } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: ['users', props.clientId],
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { client_id: props.clientId, limit: 100 } } })),
  });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Schemas['UserInput']['role']>('agent');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/users', { body: { email, password, role, client_id: props.clientId } })),
    onSuccess: () => {
      setEmail('');
      setPassword('');
      return queryClient.invalidateQueries({ queryKey: ['users', props.clientId] });
    },
  });
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {users.isPending && <Loading what="users" />}
      {users.isError && <ErrorState error={users.error} />}
      {users.data && users.data.items.length === 0 && <Empty>No user in this client.</Empty>}
      {users.data && users.data.items.length > 0 && (
        <ul>
          {users.data.items.map((u) => (
            <li key={u.id}>
              {u.email} · {u.role}
              {u.disabled ? ' · disabled' : ''}
            </li>
          ))}
        </ul>
      )}
      {isAdmin && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label>
            Email
            <input type="email" required maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Password
            <input
              type="password"
              required
              minLength={12}
              maxLength={1000}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
              <option value="agent">agent</option>
              <option value="viewer">viewer</option>
            </select>
          </label>
          <button type="submit" disabled={create.isPending}>
            Add user
          </button>
        </form>
      )}
      {create.isError && <ErrorState error={create.error} action="Adding the user" />}
    </section>
  );
}
