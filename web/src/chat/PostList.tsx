// A list of posts, oldest at the top, with a line for each new day. It stays scrolled to the newest
// post as posts arrive, unless the reader has scrolled up to read older ones.
import { Fragment, useCallback, useLayoutEffect, useRef } from 'react';
import type { Post } from '@mattermost/types/posts';
import { useSession } from '../app/session';
import { useChatStore } from './context';
import { useChat } from './store';
import { PostItem } from './PostItem';

const CONTINUATION_MS = 5 * 60_000;

const dayOf = (ms: number) => new Date(ms).toDateString();
function dayLabel(ms: number) {
  const d = new Date(ms);
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return 'Today';
  const yesterday = new Date(today.getTime() - 86_400_000);
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

export function PostList({ ids, label, onReply, header, inThread = false }: { ids: string[]; label: string; onReply?: (p: Post) => void; header?: React.ReactNode; inThread?: boolean }) {
  const store = useChatStore();
  const session = useSession();
  const posts = useChat(store, (s) => s.posts);
  const users = useChat(store, (s) => s.users);
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const me = session.me!;

  const isUser = useCallback((name: string) => Object.values(store.get().users).some((u) => u.username === name), [store, users]);

  const replyCounts = new Map<string, number>();
  for (const p of Object.values(posts)) if (p.root_id && p.delete_at === 0) replyCounts.set(p.root_id, (replyCounts.get(p.root_id) ?? 0) + 1);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [ids.length, ids[ids.length - 1]]);

  const onScroll = () => {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  let previous: Post | undefined;
  return (
    <div className="post-list" ref={ref} onScroll={onScroll} role="log" aria-label={label} tabIndex={0}>
      {header}
      {ids.map((id) => {
        const post = posts[id];
        if (!post) return null;
        const newDay = !previous || dayOf(previous.create_at) !== dayOf(post.create_at);
        const continuation = !!previous && !newDay && previous.user_id === post.user_id && post.create_at - previous.create_at < CONTINUATION_MS &&
          previous.props?.from_webhook !== 'true' && post.props?.from_webhook !== 'true' && !post.root_id && !previous.root_id;
        previous = post;
        return (
          <Fragment key={id}>
            {newDay && (
              <div className="day-separator" role="separator">
                <span>{dayLabel(post.create_at)}</span>
              </div>
            )}
            <PostItem
              post={post}
              user={users[post.user_id]}
              meId={me.id}
              meName={me.username}
              isUser={isUser}
              continuation={continuation}
              replyCount={replyCounts.get(post.id) ?? 0}
              onReply={onReply}
              canManage={session.isSystemAdmin}
              inThread={inThread}
            />
          </Fragment>
        );
      })}
    </div>
  );
}
