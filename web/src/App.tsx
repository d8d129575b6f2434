// Mattermost's URL shapes: /login, /signup, /{team}/channels/{channel}, /{team}/messages/@{user},
// /{team}/integrations/…, /admin_console/…. Every page works as a deep link and after a reload.
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import { SessionProvider } from './app/session';
import { HomeRedirect, RequireLogin } from './app/Home';
import { LoginPage } from './auth/Login';
import { SignupPage } from './auth/Signup';
import { SelectTeamPage } from './app/SelectTeam';
import { TeamLayout } from './chat/TeamLayout';
import { ChannelView } from './chat/ChannelView';
import { Backstage, IntegrationsHome, RequireHooks } from './integrations/Backstage';
import { OutgoingHooksPage } from './integrations/OutgoingHooks';
import { HookConfirmPage, HookFormPage } from './integrations/HookForm';
import { DeliveryLogPage } from './integrations/DeliveryLog';
import { AdminConsole } from './admin/AdminConsole';

const signedIn = (element: React.ReactNode) => <RequireLogin>{element}</RequireLogin>;

function NotFound() {
  return (
    <main className="centered-page">
      <div className="card">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link to="/">Go to Switchboard</Link>
      </div>
    </main>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="/" element={<HomeRedirect />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignupPage />} />
        <Route path="/select_team" element={signedIn(<SelectTeamPage />)} />
        <Route path="/create_team" element={signedIn(<SelectTeamPage />)} />
        <Route path="/admin_console" element={signedIn(<AdminConsole section="home" />)} />
        <Route path="/admin_console/integrations/integration_management" element={signedIn(<AdminConsole section="integration_management" />)} />
        <Route path="/admin_console/*" element={signedIn(<AdminConsole section="home" />)} />
        <Route path="/:team/integrations" element={signedIn(<Backstage />)}>
          <Route index element={<IntegrationsHome />} />
          <Route path="outgoing_webhooks" element={<RequireHooks><OutgoingHooksPage /></RequireHooks>} />
          <Route path="outgoing_webhooks/add" element={<RequireHooks><HookFormPage mode="add" /></RequireHooks>} />
          <Route path="outgoing_webhooks/edit" element={<RequireHooks><HookFormPage key="edit" mode="edit" /></RequireHooks>} />
          <Route path="outgoing_webhooks/deliveries" element={<RequireHooks><DeliveryLogPage /></RequireHooks>} />
          <Route path="confirm" element={<RequireHooks><HookConfirmPage /></RequireHooks>} />
        </Route>
        <Route path="/:team" element={signedIn(<TeamLayout />)}>
          <Route path="channels/:channel" element={<ChannelView />} />
          <Route path="messages/:user" element={<ChannelView />} />
          <Route index element={<ChannelRedirect />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </SessionProvider>
  );
}

function ChannelRedirect() {
  const { team } = useParams();
  return <Navigate to={`/${team}/channels/town-square`} replace />;
}
