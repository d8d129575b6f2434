// The server's own bot account, which tells people about things that need their attention (a
// webhook that was switched off, for example) by direct message.
import { randomBytes } from 'node:crypto';
import type { AppContext } from './context.js';
import type { User } from '../domain/users.js';
import { hashPassword } from './passwords.js';
import { isUniqueViolation } from '../store/sql/errors.js';
import { createDirectChannel } from './channels.js';
import { newPost, savePost } from './posts.js';

export const SYSTEM_BOT_USERNAME = 'switchboard';

async function ensureBot(ctx: AppContext): Promise<User> {
  const existing = await ctx.store.users.getByUsername(SYSTEM_BOT_USERNAME);
  if (existing) return existing;
  const now = ctx.clock.now();
  const bot = {
    id: ctx.newId(), create_at: now, update_at: now, delete_at: 0, username: SYSTEM_BOT_USERNAME,
    email: `${SYSTEM_BOT_USERNAME}@bots.localhost`, nickname: 'Switchboard', first_name: '', last_name: '', position: '',
    roles: 'system_user', locale: 'en', is_bot: true, bot_description: 'Messages from the Switchboard server',
    last_password_update: now, props: {}, notify_props: {},
    // Nobody can log in as the bot: its password is random and never stored anywhere else.
    password_hash: await hashPassword(randomBytes(32).toString('base64')),
  };
  try {
    await ctx.store.users.insert(bot);
    const { password_hash: _secret, ...user } = bot;
    return user;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const winner = await ctx.store.users.getByUsername(SYSTEM_BOT_USERNAME);
    if (!winner) throw e;
    return winner;
  }
}

/** Posts `message` from the bot in its direct channel with the user. Never triggers webhooks. */
export async function sendBotMessage(ctx: AppContext, userId: string, message: string): Promise<void> {
  const bot = await ensureBot(ctx);
  const botCaller = { userId: bot.id, roles: bot.roles, sessionId: '' };
  const channel = await createDirectChannel(ctx, botCaller, [bot.id, userId]);
  const post = newPost(ctx, { channel_id: channel.id, message, props: { from_bot: 'true' } }, bot.id);
  await savePost(ctx, post, channel, bot, { triggerWebhooks: false, setOnline: false });
}
