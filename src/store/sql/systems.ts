// Server-wide values that must survive restarts (the installation's diagnostic id, for example).
import type { SystemsStore } from '../store.js';
import type { Executor } from './executor.js';

export class SqlSystems implements SystemsStore {
  constructor(private readonly db: Executor) {}

  async get(name: string) {
    const row = await this.db.selectFrom('systems').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value ?? null;
  }

  async getOrInsert(name: string, value: string) {
    await this.db.insertInto('systems').values({ name, value }).onConflict((oc) => oc.column('name').doNothing()).execute();
    return (await this.get(name)) ?? value;
  }
}
