// The production id source: Mattermost-style ids from crypto-strong randomness.
import { randomBytes } from 'node:crypto';
import { encodeId, uuidV4Bytes, type IdSource } from '../domain/ids.js';

export const newId: IdSource = () => encodeId(uuidV4Bytes(randomBytes(16)));
