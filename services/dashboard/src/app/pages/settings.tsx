import { NeedsClient } from '../components/shell';
import { useSession } from '../session';
import { ApiKeys, Users } from './settings-access';
import { NotificationSettingsForm, ReportPreview } from './settings-notifications';

export function SettingsPage() {
  const { clientId } = useSession();
  if (!clientId) return <NeedsClient />;
  return (
    <section>
      <h1>Settings</h1>
      <NotificationSettingsForm clientId={clientId} />
      <ReportPreview clientId={clientId} />
      <ApiKeys clientId={clientId} />
      <Users clientId={clientId} />
    </section>
  );
}
