// The server's own bot account, which tells people about things that need their attention (a
// webhook that was switched off, for example) by direct message. It is a reserved identity: found
// by the id stored when it was made, never by its name, so nobody can step into its place.
import type { AppContext } from './context.js';
import { forbidden } from '../domain/errors.js';
import { SYSTEM_BOT_USERNAME, type User, type UserWithPassword } from '../domain/users.js';
import { NO_PASSWORD } from './passwords.js';
import { isUniqueViolation } from '../store/errors.js';
import { createDirectChannel } from './channels.js';
import { newPost, savePost } from './posts.js';

export { SYSTEM_BOT_USERNAME };

/** The systems row holding the bot's user id (004-accounts keeps the bot an older server made). */
const BOT_ID_KEY = 'SystemBotUserId';

export const systemBotUntouchable = () =>
  forbidden('app.user.system_bot.app_error', "The server's own bot account cannot be changed.");

/** True when `userId` is the system bot's. */
export async function isSystemBot(ctx: AppContext, userId: string): Promise<boolean> {
  return (await ctx.store.systems.get(BOT_ID_KEY)) === userId;
}

/**
 * Names the bot tries, in order. `switchboard` is reserved for it, so it is free unless the server
 * was upgraded from a version that let a person take it; the bot then uses the next free one.
 */
function* candidateNames(id: string): Generator<string> {
  yield SYSTEM_BOT_USERNAME;
  yield `${SYSTEM_BOT_USERNAME}-bot`;
  for (let i = 0; i < 8; i++) yield `${SYSTEM_BOT_USERNAME}-bot-${id.slice(i * 3, i * 3 + 6)}`;
}

async function ensureBot(ctx: AppContext): Promise<User> {
  const storedId = await ctx.store.systems.get(BOT_ID_KEY);
  if (storedId) {
    const bot = await ctx.store.users.get(storedId);
    if (bot) return bot;
    throw new Error(`the system bot's account ${storedId} is missing`);
  }
  const id = ctx.newId();
  for (const username of candidateNames(id)) {
    if (await ctx.store.users.getByUsername(username)) continue;
    const now = ctx.clock.now();
    const bot: UserWithPassword = {
      id, create_at: now, update_at: now, delete_at: 0, username,
      // The id keeps the address unique: nobody can block the bot by signing up with it first.
      email: `${id}@bots.localhost`, nickname: 'Switchboard', first_name: '', last_name: '', position: '',
      roles: 'system_user', locale: 'en', is_bot: true, bot_description: 'Messages from the Switchboard server',
      last_password_update: now, props: {}, notify_props: {},
      // Bots never log in, so there is no password to hash.
      password_hash: NO_PASSWORD,
    };
    try {
      // Whoever stores the id first made the bot; on PostgreSQL a second server waits here and then
      // uses the first one's bot instead of saving its own.
      const winner = await ctx.store.transaction(async (tx) => {
        const chosen = await tx.systems.getOrInsert(BOT_ID_KEY, bot.id);
        if (chosen === bot.id) await tx.users.insert(bot);
        return chosen;
      });
      if (winner !== bot.id) return ensureBot(ctx);
      if (username !== SYSTEM_BOT_USERNAME) {
        ctx.logger.warn('the name of the system bot is taken by a person; the bot uses another', { username });
      }
      const { password_hash: _none, ...user } = bot;
      return user;
    } catch (e) {
      // Someone signed up with this name meanwhile: try the next one.
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error('no free username for the system bot');
}

/** Posts `message` from the bot in its direct channel with the user. Never triggers webhooks. */
export async function sendBotMessage(ctx: AppContext, userId: string, message: string): Promise<void> {
  const bot = await ensureBot(ctx);
  const botCaller = { userId: bot.id, roles: bot.roles, sessionId: '' };
  const channel = await createDirectChannel(ctx, botCaller, [bot.id, userId]);
  const post = newPost(ctx, { channel_id: channel.id, message, props: { from_bot: 'true' } }, bot.id);
  await savePost(ctx, post, channel, bot, { triggerWebhooks: false, setOnline: false });
}
