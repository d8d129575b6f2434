import { describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { initialsOf, postAuthor } from './author';

const post = (props: Record<string, unknown>): Post => ({ user_id: 'creator', props } as unknown as Post);
const creator = { id: 'creator', username: 'alice', is_bot: false } as UserProfile;

describe('who a post appears to come from', () => {
  it('a webhook post shows the name the server set, a BOT tag, and no picture of its own by default', () => {
    expect(postAuthor(post({ from_webhook: 'true', override_username: 'webhook' }), creator)).toEqual({
      name: 'webhook', isBot: true, fromWebhook: true, iconUrl: '', userId: 'creator',
    });
  });

  it('a webhook post with overrides shows its name and icon', () => {
    const a = postAuthor(post({ from_webhook: 'true', override_username: 'ci', override_icon_url: 'https://ci.example.com/i.png' }), creator);
    expect([a.name, a.iconUrl]).toEqual(['ci', 'https://ci.example.com/i.png']);
  });

  it('an icon must be an http or https image', () => {
    expect(postAuthor(post({ from_webhook: 'true', override_icon_url: 'javascript:alert(1)' }), creator).iconUrl).toBe('');
    expect(postAuthor(post({ from_webhook: 'true' }), creator).name).toBe('webhook');
  });

  it('a person posts under their username; override props on their posts are ignored', () => {
    expect(postAuthor(post({ override_username: 'ceo' }), creator)).toMatchObject({ name: 'alice', isBot: false, fromWebhook: false });
  });

  it('bots get the BOT tag', () => {
    expect(postAuthor(post({}), { ...creator, is_bot: true }).isBot).toBe(true);
    expect(postAuthor(post({ from_bot: 'true' }), creator).isBot).toBe(true);
  });

  it('initials', () => {
    expect(initialsOf('webhook')).toBe('WE');
    expect(initialsOf('jane.doe')).toBe('JD');
  });
});
