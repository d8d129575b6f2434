// A thread beside the channel: its root post, every reply, and a composer that replies to it.
import { useEffect, useState } from 'react';
import { useChatStore } from './context';
import { useChat } from './store';
import { PostList } from './PostList';
import { Composer } from './Composer';
import { errorText } from '../api/client';
import { ErrorNote } from '../ui/forms';
import { CloseIcon } from '../ui/icons';

export function ThreadPanel({ rootId, onClose }: { rootId: string; onClose: () => void }) {
  const store = useChatStore();
  const posts = useChat(store, (s) => s.posts);
  const [error, setError] = useState('');

  useEffect(() => {
    setError('');
    store.loadThread(rootId).catch((e) => setError(errorText(e)));
  }, [rootId, store]);

  const root = posts[rootId];
  const ids = Object.values(posts)
    .filter((p) => (p.id === rootId || p.root_id === rootId) && p.delete_at === 0)
    .sort((a, b) => a.create_at - b.create_at)
    .map((p) => p.id);

  return (
    <aside className="thread" aria-labelledby="thread-title">
      <div className="thread__header">
        <h2 id="thread-title">Thread</h2>
        <button type="button" className="icon-button" aria-label="Close thread" onClick={onClose}><CloseIcon /></button>
      </div>
      <ErrorNote>{error}</ErrorNote>
      {root && root.delete_at === 0 ? (
        <>
          <PostList ids={ids} label="Thread messages" inThread />
          <Composer channelId={root.channel_id} rootId={rootId} label="Reply to the thread" placeholder="Reply…" />
        </>
      ) : (
        !error && <p className="muted thread__empty">{root ? 'This message was deleted.' : 'Loading…'}</p>
      )}
    </aside>
  );
}
