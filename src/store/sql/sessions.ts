// Login sessions in SQL. Only a hash of each token is stored, so a leaked database holds no
// usable credential, and lookups by hash need no secret comparison.
import type { SessionsStore } from '../store.js';
import type { Session } from '../../domain/sessions.js';
import type { Executor } from './executor.js';

export class SqlSessions implements SessionsStore {
  constructor(private readonly db: Executor) {}

  async insert(s: Session) {
    await this.db.insertInto('sessions').values(s).execute();
  }

  async getByTokenHash(tokenHash: string) {
    return (await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()) ?? null;
  }

  async delete(id: string) {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteForUser(userId: string, keepId?: string) {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId) q = q.where('id', '!=', keepId);
    return (await q.returning('id').execute()).map((r) => r.id);
  }

  async touch(id: string, at: number) {
    await this.db.updateTable('sessions').set({ last_activity_at: at }).where('id', '=', id).execute();
  }
}
