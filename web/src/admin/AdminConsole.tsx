// System Console (system admins only). Integrations > Integration Management edits the webhook
// switches, the override permissions, who may manage integrations, the request timeout and the
// internal hosts webhooks may reach, through the config API; the server validates and says why
// when it refuses.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, NavLink, Navigate } from 'react-router';
import { client, errorText } from '../api/client';
import { useSession } from '../app/session';
import { ErrorNote, Field } from '../ui/forms';

interface IntegrationSettings {
  EnableOutgoingWebhooks: boolean;
  EnableIncomingWebhooks: boolean;
  EnablePostUsernameOverride: boolean;
  EnablePostIconOverride: boolean;
  EnableOnlyAdminIntegrations: boolean;
  OutgoingIntegrationRequestsTimeout: number;
  AllowedUntrustedInternalConnections: string;
}

const SWITCHES: Array<{ key: keyof IntegrationSettings; label: string; hint: string }> = [
  { key: 'EnableOutgoingWebhooks', label: 'Enable Outgoing Webhooks', hint: 'Users who may manage integrations can add outgoing webhooks, which send messages to external services.' },
  { key: 'EnableIncomingWebhooks', label: 'Enable Incoming Webhooks', hint: 'Lets external services post into channels through incoming webhooks.' },
  { key: 'EnablePostUsernameOverride', label: 'Enable integrations to override usernames', hint: 'Webhook posts may show a name of their choosing; when off they show "webhook".' },
  { key: 'EnablePostIconOverride', label: 'Enable integrations to override profile picture icons', hint: 'Webhook posts may show a picture of their choosing; when off they show their creator\'s.' },
  { key: 'EnableOnlyAdminIntegrations', label: 'Restrict managing integrations to Admins', hint: 'When on, only team and system admins manage integrations; when off, every team member may manage their own.' },
];

export function AdminConsole({ section }: { section: 'home' | 'integration_management' }) {
  const { isSystemAdmin, me } = useSession();
  useEffect(() => {
    document.title = 'System Console - Switchboard';
  }, []);
  if (!isSystemAdmin) {
    return (
      <main className="centered-page">
        <div className="card">
          <h1>System Console</h1>
          <p role="alert">Only system admins can open the System Console.</p>
          <Link to="/">Back to Switchboard</Link>
        </div>
      </main>
    );
  }
  if (section === 'home') return <Navigate to="/admin_console/integrations/integration_management" replace />;
  return (
    <div className="backstage">
      <a className="skip-link" href="#main-content">Skip to content</a>
      <header className="topbar topbar--console">
        <Link className="topbar__back" to="/"><span aria-hidden="true">←</span> Back to Switchboard</Link>
        <span className="topbar__title">System Console</span>
        <div className="topbar__spacer" />
        <span className="topbar__user">@{me?.username}</span>
      </header>
      <div className="backstage__body">
        <nav className="backstage__nav" aria-label="System Console">
          <h2 className="backstage__nav-head">Integrations</h2>
          <NavLink to="/admin_console/integrations/integration_management">Integration Management</NavLink>
        </nav>
        <main id="main-content" className="backstage__main" tabIndex={-1}>
          <IntegrationManagement />
        </main>
      </div>
    </div>
  );
}

function IntegrationManagement() {
  const { reloadConfig } = useSession();
  const [settings, setSettings] = useState<IntegrationSettings | null>(null);
  const [timeout, setTimeoutText] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.getConfig().then(
      (c) => {
        const s = (c as unknown as { ServiceSettings: IntegrationSettings }).ServiceSettings;
        setSettings({
          EnableOutgoingWebhooks: s.EnableOutgoingWebhooks, EnableIncomingWebhooks: s.EnableIncomingWebhooks,
          EnablePostUsernameOverride: s.EnablePostUsernameOverride, EnablePostIconOverride: s.EnablePostIconOverride,
          EnableOnlyAdminIntegrations: s.EnableOnlyAdminIntegrations, OutgoingIntegrationRequestsTimeout: s.OutgoingIntegrationRequestsTimeout,
          AllowedUntrustedInternalConnections: s.AllowedUntrustedInternalConnections,
        });
        setTimeoutText(String(s.OutgoingIntegrationRequestsTimeout));
      },
      (e) => setError(errorText(e)),
    );
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings) return;
    setError('');
    setStatus('');
    const seconds = Number(timeout);
    if (!/^\d+$/.test(timeout.trim()) || !Number.isSafeInteger(seconds)) {
      setError('The request timeout must be a whole number of seconds.');
      return;
    }
    setBusy(true);
    try {
      const saved = await client.patchConfig({ ServiceSettings: { ...settings, OutgoingIntegrationRequestsTimeout: seconds } } as never);
      const s = (saved as unknown as { ServiceSettings: IntegrationSettings }).ServiceSettings;
      setSettings((prev) => (prev ? { ...prev, ...Object.fromEntries(Object.keys(prev).map((k) => [k, s[k as keyof IntegrationSettings]])) } : prev));
      setTimeoutText(String(s.OutgoingIntegrationRequestsTimeout));
      await reloadConfig();
      setStatus('Settings saved.');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Integration Management</h1>
      {!settings ? (
        error ? <ErrorNote>{error}</ErrorNote> : <p aria-busy="true">Loading…</p>
      ) : (
        <form className="console-form" onSubmit={save}>
          {SWITCHES.map(({ key, label, hint }) => (
            <div className="switch-field" key={key}>
              <input
                id={`setting-${key}`}
                type="checkbox"
                role="switch"
                checked={settings[key] as boolean}
                aria-describedby={`setting-${key}-hint`}
                onChange={(e) => setSettings({ ...settings, [key]: e.target.checked })}
              />
              <div>
                <label htmlFor={`setting-${key}`}>{label}</label>
                <p className="field__hint" id={`setting-${key}-hint`}>{hint}</p>
              </div>
            </div>
          ))}
          <Field label="Outgoing Integration Request Timeout (seconds)" hint="How long one webhook request may take before it counts as failed.">
            {({ id, describedBy }) => (
              <input id={id} inputMode="numeric" value={timeout} aria-describedby={describedBy} onChange={(e) => setTimeoutText(e.target.value)} />
            )}
          </Field>
          <Field
            label="Allowed Untrusted Internal Connections"
            hint="Hosts, IP addresses and CIDR networks (space-separated) that webhooks may reach although they are private, loopback or this server's own; for example 127.0.0.1 hooks.internal 10.0.0.0/8."
          >
            {({ id, describedBy }) => (
              <input id={id} value={settings.AllowedUntrustedInternalConnections} aria-describedby={describedBy} onChange={(e) => setSettings({ ...settings, AllowedUntrustedInternalConnections: e.target.value })} />
            )}
          </Field>
          <ErrorNote>{error}</ErrorNote>
          <p role="status" className="status-note">{status}</p>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
          </div>
        </form>
      )}
    </>
  );
}
