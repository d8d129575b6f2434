// Server-wide reads: the client configuration (old format) and the admin config view and edits.
import type { AppContext, Caller } from './context.js';
import { disabled, invalidBodyParam, permissionDenied } from '../domain/errors.js';
import { isSystemAdmin } from '../domain/users.js';
import { sanitizeConfig } from '../config/config-service.js';
import { SERVER_VERSION, VERSION } from '../version.js';

const DIAGNOSTIC_ID = 'DiagnosticId';

export async function clientConfig(ctx: AppContext, caller: Caller | null, format: string | undefined): Promise<Record<string, string>> {
  if (format === undefined) throw disabled('api.config.client.old_format.app_error', 'New format for the client configuration is not supported yet. Please specify format=old in the query string.');
  if (format !== 'old') throw invalidBodyParam('format');
  const c = ctx.config.get();
  const diagnosticId = await ctx.store.systems.getOrInsert(DIAGNOSTIC_ID, ctx.newId());
  const noAccounts = (await ctx.store.users.count()) === 0;
  const everyone: Record<string, string> = {
    Version: SERVER_VERSION,
    BuildNumber: VERSION,
    SiteName: c.TeamSettings.SiteName,
    SiteURL: c.ServiceSettings.SiteURL,
    DiagnosticId: diagnosticId,
    EnableUserCreation: String(c.TeamSettings.EnableUserCreation),
    EnableOpenServer: String(c.TeamSettings.EnableOpenServer),
    NoAccounts: String(noAccounts),
  };
  if (!caller) return everyone;
  return {
    ...everyone,
    EnableIncomingWebhooks: String(c.ServiceSettings.EnableIncomingWebhooks),
    EnableOutgoingWebhooks: String(c.ServiceSettings.EnableOutgoingWebhooks),
    EnableCommands: 'false',
    EnablePostUsernameOverride: String(c.ServiceSettings.EnablePostUsernameOverride),
    EnablePostIconOverride: String(c.ServiceSettings.EnablePostIconOverride),
    EnableOnlyAdminIntegrations: String(c.ServiceSettings.EnableOnlyAdminIntegrations),
    MaxPostSize: String(c.ServiceSettings.MaxPostSize),
  };
}

function requireSystemAdmin(caller: Caller) {
  if (!isSystemAdmin(caller)) throw permissionDenied();
}

export function readConfig(ctx: AppContext, caller: Caller) {
  requireSystemAdmin(caller);
  return sanitizeConfig(ctx.config.get());
}

export async function patchConfig(ctx: AppContext, caller: Caller, patch: unknown) {
  requireSystemAdmin(caller);
  assertObject(patch);
  const next = await ctx.config.patch(patch);
  ctx.logger.info('configuration changed', { user_id: caller.userId, sections: Object.keys(patch as object) });
  return sanitizeConfig(next);
}

export async function replaceConfig(ctx: AppContext, caller: Caller, full: unknown) {
  requireSystemAdmin(caller);
  assertObject(full);
  const next = await ctx.config.replace(full);
  ctx.logger.info('configuration replaced', { user_id: caller.userId });
  return sanitizeConfig(next);
}

function assertObject(v: unknown) {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidBodyParam('config');
}
