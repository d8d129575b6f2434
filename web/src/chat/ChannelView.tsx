// The channel on screen: found by its URL name (joining a public channel the user is not in yet,
// as Mattermost does), or a direct message found by the other person's username.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { client, errorText } from '../api/client';
import { useChatStore } from './context';
import { useChat } from './store';
import { PostList } from './PostList';
import { Composer } from './Composer';
import { ThreadPanel } from './ThreadPanel';
import { ErrorNote } from '../ui/forms';
import { LockIcon } from '../ui/icons';

function useResolvedChannel(): { channel: Channel | null; error: string } {
  const { channel: channelName = '', user: userParam = '' } = useParams();
  const store = useChatStore();
  const channels = useChat(store, (s) => s.channels);
  const team = useChat(store, (s) => s.team)!;
  const [resolvedId, setResolvedId] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    setError('');
    setResolvedId('');
    (async () => {
      try {
        if (userParam) {
          const username = decodeURIComponent(userParam).replace(/^@/, '');
          const other = await client.getUserByUsername(username);
          store.addUsers([other]);
          const dm = await client.createDirectChannel([store.meId, other.id]);
          if (!store.get().channels[dm.id]) await store.reloadChannels();
          if (live) setResolvedId(dm.id);
          return;
        }
        const known = Object.values(store.get().channels).find((c) => c.name === channelName && c.team_id === team.id);
        if (known) {
          if (live) setResolvedId(known.id);
          return;
        }
        const found = await client.getChannelByName(team.id, channelName);
        if (found.type === 'O') {
          await client.addToChannel(store.meId, found.id);
          await store.reloadChannels();
        }
        if (live) setResolvedId(found.id);
      } catch (e) {
        if (live) setError(errorText(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [channelName, userParam, team.id, store]);

  return { channel: resolvedId ? (channels[resolvedId] ?? null) : null, error };
}

export function ChannelView() {
  const store = useChatStore();
  const team = useChat(store, (s) => s.team)!;
  const { channel, error } = useResolvedChannel();
  const channelPosts = useChat(store, (s) => (channel ? s.channelPosts[channel.id] : undefined));
  const [thread, setThread] = useState('');
  const [loadError, setLoadError] = useState('');
  const channelId = channel?.id ?? '';

  useEffect(() => {
    if (!channelId) return;
    setThread('');
    setLoadError('');
    store.setCurrentChannel(channelId);
    store.loadPosts(channelId).catch((e) => setLoadError(errorText(e)));
    return () => store.setCurrentChannel('');
  }, [channelId, store]);

  useEffect(() => {
    if (channel) document.title = `${store.channelLabel(channel)} - ${team.display_name} - Switchboard`;
  }, [channel, team, store]);

  if (error) {
    return (
      <main id="main-content" className="channel channel--empty">
        <h1>Channel not found</h1>
        <ErrorNote>{error}</ErrorNote>
        <Link to={`/${team.name}/channels/town-square`}>Go to Town Square</Link>
      </main>
    );
  }
  if (!channel) return <main id="main-content" className="channel channel--empty" aria-busy="true"><p>Loading…</p></main>;

  const label = store.channelLabel(channel);
  const prefix = channel.type === 'D' ? '@' : channel.type === 'P' ? '' : '# ';
  const onReply = (p: Post) => setThread(p.root_id || p.id);
  const olderButton = channelPosts?.hasMore ? (
    <div className="post-list__more">
      <button type="button" className="button" onClick={() => store.loadOlder(channel.id).catch((e) => setLoadError(errorText(e)))}>
        Load older messages
      </button>
    </div>
  ) : (
    channelPosts && <p className="post-list__start">This is the start of {prefix.trim() === '@' ? `your conversation with @${label}` : `${prefix}${label}`}.</p>
  );

  return (
    <>
      <main id="main-content" className="channel" tabIndex={-1}>
        <div className="channel__header">
          <h1 className="channel__name">
            <span aria-hidden="true">{channel.type === 'P' ? <LockIcon /> : prefix}</span>
            {label}
          </h1>
          {(channel.purpose || channel.header) && <p className="channel__purpose">{channel.header || channel.purpose}</p>}
        </div>
        <ErrorNote>{loadError}</ErrorNote>
        <PostList ids={channelPosts?.ids ?? []} label={`Messages in ${label}`} onReply={onReply} header={olderButton} />
        <Composer
          channelId={channel.id}
          label={`Write to ${label}`}
          placeholder={channel.type === 'D' ? `Write to @${label}` : `Write to ${prefix.trim()}${label}`}
        />
      </main>
      {thread && <ThreadPanel rootId={thread} onClose={() => setThread('')} />}
    </>
  );
}
