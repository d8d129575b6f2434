import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerChannel, ChannelMembership } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { ChatStore, unreadOf } from './store';

const ME = 'me';
const channel = (id: string, total = 0): ServerChannel => ({ id, name: id, display_name: id, type: 'O', team_id: 't', total_msg_count: total, last_post_at: 0 } as ServerChannel);
const member = (channelId: string, msgs = 0): ChannelMembership => ({ channel_id: channelId, user_id: ME, msg_count: msgs, mention_count: 0 } as ChannelMembership);
const post = (id: string, channelId: string, userId: string, props: Record<string, unknown> = {}): Post =>
  ({ id, channel_id: channelId, user_id: userId, create_at: Date.now(), message: 'm', props, root_id: '', delete_at: 0 } as unknown as Post);
const posted = (p: Post, mentions?: string[]) => ({
  event: 'posted', broadcast: { channel_id: p.channel_id },
  data: { post: JSON.stringify(p), team_id: 't', ...(mentions ? { mentions: JSON.stringify(mentions) } : {}) },
});

function store() {
  vi.useFakeTimers();
  const s = new ChatStore(ME);
  Object.assign(s.get(), { team: { id: 't', name: 'team', display_name: 'Team' } });
  s.addUsers([{ id: ME, username: 'me' }, { id: 'bob', username: 'bob' }] as UserProfile[]);
  s.addChannel(channel('town'), member('town'));
  s.addChannel(channel('off'), member('off'));
  return s;
}

const counts = (s: ChatStore, id: string) => unreadOf(s.get().channels[id]!, s.get().members[id]);

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('the chat store counts what is unread', () => {
  it('a post elsewhere is unread; a mention of me counts', () => {
    const s = store();
    s.handle(posted(post('p1', 'off', 'bob')));
    s.handle(posted(post('p2', 'off', 'bob'), [ME]));
    expect(counts(s, 'off')).toEqual({ unread: true, mentions: 1 });
    expect(counts(s, 'town')).toEqual({ unread: false, mentions: 0 });
  });

  it('the same post arriving twice counts once', () => {
    const s = store();
    const p = post('p1', 'off', 'bob');
    s.handle(posted(p, [ME]));
    s.handle(posted(p, [ME]));
    expect(s.get().channels.off!.total_msg_count).toBe(1);
    expect(counts(s, 'off').mentions).toBe(1);
  });

  it('posts in the channel on screen are read at once; my own posts never count', () => {
    const s = store();
    s.setCurrentChannel('town');
    s.handle(posted(post('p1', 'town', 'bob'), [ME]));
    expect(counts(s, 'town')).toEqual({ unread: false, mentions: 0 });
    s.handle(posted(post('p2', 'off', ME)));
    expect(counts(s, 'off').unread).toBe(false);
    // A webhook reply under my account is not mine to have read.
    s.handle(posted(post('p3', 'off', ME, { from_webhook: 'true' })));
    expect(counts(s, 'off').unread).toBe(true);
  });

  it('shows new posts in order and drops deleted ones', () => {
    const s = store();
    s.get().channelPosts.town = { ids: [], hasMore: false, page: 0 };
    const a = post('a', 'town', 'bob');
    const b = { ...post('b', 'town', 'bob'), create_at: a.create_at + 1 };
    s.handle(posted(b));
    s.handle(posted(a));
    expect(s.get().channelPosts.town!.ids).toEqual(['a', 'b']);
    s.handle({ event: 'post_edited', broadcast: {}, data: { post: JSON.stringify({ ...a, message: 'edited' }) } });
    expect(s.get().posts.a!.message).toBe('edited');
    s.handle({ event: 'post_deleted', broadcast: {}, data: { post: JSON.stringify({ ...a, delete_at: 5 }) } });
    expect(s.get().channelPosts.town!.ids).toEqual(['b']);
  });

  it('ignores posts of other teams and malformed events', () => {
    const s = store();
    s.handle({ event: 'posted', broadcast: {}, data: { post: JSON.stringify(post('x', 'off', 'bob')), team_id: 'other' } });
    s.handle({ event: 'posted', broadcast: {}, data: { post: '{not json' } });
    expect(counts(s, 'off').unread).toBe(false);
  });
});
