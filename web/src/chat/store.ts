// The chat state of one team as the signed-in user sees it: channels with their unread and mention
// counts, the posts loaded so far, and the people they come from. Pages read it through useChat();
// it changes through API answers and websocket events, so new posts appear without a reload.
import { useSyncExternalStore } from 'react';
import type { ServerChannel as Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api/client';
import type { SocketEvent } from '../app/socket';

export interface ChannelPosts {
  /** Post ids oldest first, roots and replies alike. */
  ids: string[];
  /** More posts exist before the oldest loaded one. */
  hasMore: boolean;
  page: number;
}

export interface ChatState {
  team: Team | null;
  teams: Team[];
  channels: Record<string, Channel>;
  members: Record<string, ChannelMembership>;
  users: Record<string, UserProfile>;
  posts: Record<string, Post>;
  channelPosts: Record<string, ChannelPosts>;
  /** The channel on screen; its new posts count as read while the tab is visible. */
  currentChannelId: string;
}

export const PAGE_SIZE = 60;

const empty = (): ChatState => ({
  team: null, teams: [], channels: {}, members: {}, users: {}, posts: {}, channelPosts: {}, currentChannelId: '',
});

const byCreateAt = (posts: Record<string, Post>) => (a: string, b: string) =>
  (posts[a]?.create_at ?? 0) - (posts[b]?.create_at ?? 0) || a.localeCompare(b);

export class ChatStore {
  private state: ChatState = empty();
  private readonly subscribers = new Set<() => void>();
  private readonly pendingUsers = new Set<string>();
  private viewTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(readonly meId: string) {}

  get = () => this.state;

  subscribe = (fn: () => void) => {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  };

  private set(patch: Partial<ChatState> | ((s: ChatState) => Partial<ChatState>)) {
    const next = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...next };
    for (const fn of this.subscribers) fn();
  }

  /** Loads the team (by its URL name), the user's teams, channels and counts. */
  async load(teamName: string) {
    const team = await client.getTeamByName(teamName);
    const teams = await client.getMyTeams();
    this.set({ team, teams: [...teams].sort((a, b) => a.display_name.localeCompare(b.display_name)) });
    await this.reloadChannels();
  }

  async reloadChannels() {
    const team = this.state.team;
    if (!team) return;
    const [channels, members] = await Promise.all([client.getMyChannels(team.id), client.getMyChannelMembers(team.id)]);
    this.set({
      channels: Object.fromEntries(channels.map((c) => [c.id, c as Channel])),
      members: Object.fromEntries(members.map((m) => [m.channel_id, m])),
    });
    const others = channels.filter((c) => c.type === 'D').map((c) => this.dmPartnerId(c as Channel)).filter(Boolean);
    await this.ensureUsers(others);
  }

  /** The other person of a direct channel ("a__b"); oneself for a self-DM. */
  dmPartnerId(channel: Channel): string {
    const [a, b] = channel.name.split('__');
    return a === this.meId ? (b ?? '') : (a ?? '');
  }

  channelLabel(channel: Channel): string {
    if (channel.type !== 'D') return channel.display_name || channel.name;
    const partner = this.state.users[this.dmPartnerId(channel)];
    return partner ? partner.username : 'Direct message';
  }

  async ensureUsers(ids: string[]) {
    const missing = [...new Set(ids)].filter((id) => id && !this.state.users[id] && !this.pendingUsers.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.pendingUsers.add(id);
    try {
      const users = await client.getProfilesByIds(missing);
      this.addUsers(users);
    } finally {
      for (const id of missing) this.pendingUsers.delete(id);
    }
  }

  addUsers(users: UserProfile[]) {
    if (users.length === 0) return;
    this.set((s) => ({ users: { ...s.users, ...Object.fromEntries(users.map((u) => [u.id, u])) } }));
  }

  addChannel(channel: Channel, member?: ChannelMembership) {
    this.set((s) => ({
      channels: { ...s.channels, [channel.id]: channel },
      members: member ? { ...s.members, [channel.id]: member } : s.members,
    }));
  }

  setCurrentChannel(channelId: string) {
    this.set({ currentChannelId: channelId });
    if (channelId) this.markViewed(channelId, true);
  }

  /** Marks the channel read here at once, and on the server (right away, or batched for live posts). */
  markViewed(channelId: string, now = false) {
    this.set((s) => {
      const channel = s.channels[channelId];
      const member = s.members[channelId];
      if (!channel || !member) return {};
      return { members: { ...s.members, [channelId]: { ...member, msg_count: channel.total_msg_count, mention_count: 0, last_viewed_at: Date.now() } } };
    });
    clearTimeout(this.viewTimers.get(channelId));
    const send = () => {
      this.viewTimers.delete(channelId);
      client.viewMyChannel(channelId).catch(() => undefined);
    };
    if (now) send();
    else this.viewTimers.set(channelId, setTimeout(send, 1000));
  }

  async loadPosts(channelId: string) {
    const list = await client.getPosts(channelId, 0, PAGE_SIZE, false);
    this.mergeList(channelId, list, 0);
  }

  async loadOlder(channelId: string) {
    const current = this.state.channelPosts[channelId];
    const page = (current?.page ?? 0) + 1;
    const list = await client.getPosts(channelId, page, PAGE_SIZE, false);
    this.mergeList(channelId, list, page);
  }

  private mergeList(channelId: string, list: PostList, page: number) {
    const incoming = Object.values(list.posts);
    this.set((s) => {
      const posts = { ...s.posts };
      for (const p of incoming) posts[p.id] = p;
      const known = page === 0 ? [] : (s.channelPosts[channelId]?.ids ?? []);
      const ids = [...new Set([...known, ...list.order])].filter((id) => posts[id] && posts[id]!.delete_at === 0).sort(byCreateAt(posts));
      return {
        posts,
        channelPosts: { ...s.channelPosts, [channelId]: { ids, hasMore: list.order.length >= PAGE_SIZE, page } },
      };
    });
    void this.ensureUsers(incoming.map((p) => p.user_id));
  }

  async loadThread(rootId: string) {
    const list = await client.getPostThread(rootId, false);
    this.set((s) => ({ posts: { ...s.posts, ...list.posts } }));
    void this.ensureUsers(Object.values(list.posts).map((p) => p.user_id));
  }

  /** A post this client made or received: shown once, whichever way it arrives first. */
  addPost(post: Post) {
    this.set((s) => {
      const posts = { ...s.posts, [post.id]: post };
      const cp = s.channelPosts[post.channel_id];
      const channelPosts = cp && !cp.ids.includes(post.id)
        ? { ...s.channelPosts, [post.channel_id]: { ...cp, ids: [...cp.ids, post.id].sort(byCreateAt(posts)) } }
        : s.channelPosts;
      return { posts, channelPosts };
    });
    void this.ensureUsers([post.user_id]);
  }

  updatePost(post: Post) {
    this.set((s) => (s.posts[post.id] || post.delete_at ? { posts: { ...s.posts, [post.id]: post } } : {}));
  }

  removePost(post: Post) {
    this.set((s) => {
      const posts = { ...s.posts, [post.id]: { ...(s.posts[post.id] ?? post), delete_at: post.delete_at || Date.now() } };
      const cp = s.channelPosts[post.channel_id];
      const channelPosts = cp ? { ...s.channelPosts, [post.channel_id]: { ...cp, ids: cp.ids.filter((id) => id !== post.id) } } : s.channelPosts;
      return { posts, channelPosts };
    });
  }

  /** Websocket events: new, edited and deleted posts, with the unread and mention counts they change. */
  handle(e: SocketEvent) {
    if (e.event === 'posted') this.onPosted(e);
    else if (e.event === 'post_edited' || e.event === 'post_deleted') {
      const post = parsePost(e.data.post);
      if (!post) return;
      if (e.event === 'post_edited') this.updatePost(post);
      else this.removePost(post);
    }
  }

  private onPosted(e: SocketEvent) {
    const post = parsePost(e.data.post);
    if (!post) return;
    const team = this.state.team;
    const teamId = typeof e.data.team_id === 'string' ? e.data.team_id : '';
    if (team && teamId && teamId !== team.id) return;
    const channel = this.state.channels[post.channel_id];
    if (!channel) {
      // A channel this list does not have yet (someone's first direct message): fetch the list again.
      void this.reloadChannels().then(() => this.addPost(post));
      return;
    }
    const alreadyCounted = !!this.state.posts[post.id];
    this.addPost(post);
    if (alreadyCounted) return;
    const mentions = parseIds(e.data.mentions);
    const visible = typeof document === 'undefined' || document.visibilityState === 'visible';
    const reading = post.channel_id === this.state.currentChannelId && visible;
    this.set((s) => {
      const c = s.channels[post.channel_id]!;
      const m = s.members[post.channel_id];
      const nextChannel = { ...c, total_msg_count: c.total_msg_count + 1, last_post_at: Math.max(c.last_post_at, post.create_at) };
      const own = post.user_id === this.meId && post.props?.from_webhook !== 'true';
      let nextMember = m;
      if (m && (reading || own)) nextMember = { ...m, msg_count: m.msg_count + 1 };
      else if (m && mentions.includes(this.meId)) nextMember = { ...m, mention_count: m.mention_count + 1 };
      return {
        channels: { ...s.channels, [c.id]: nextChannel },
        members: nextMember ? { ...s.members, [c.id]: nextMember } : s.members,
      };
    });
    if (reading) this.markViewed(post.channel_id);
  }

  dispose() {
    for (const t of this.viewTimers.values()) clearTimeout(t);
    this.viewTimers.clear();
  }
}

function parsePost(value: unknown): Post | null {
  if (typeof value !== 'string') return null;
  try {
    const p = JSON.parse(value) as Post;
    return p && typeof p.id === 'string' && typeof p.channel_id === 'string' ? p : null;
  } catch {
    return null;
  }
}

function parseIds(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const ids = JSON.parse(value);
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Unread messages and mentions of a channel for its member. */
export function unreadOf(channel: Channel, member: ChannelMembership | undefined) {
  if (!member) return { unread: false, mentions: 0 };
  return { unread: channel.total_msg_count > member.msg_count, mentions: member.mention_count };
}

export function useChat<T>(store: ChatStore, select: (s: ChatState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
