// One post: who it comes from (with a BOT tag for webhooks and bots), when, the rendered message
// and attachments, and the actions its reader may take (reply; edit and delete their own).
import { memo, useState, type KeyboardEvent } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../api/client';
import { postAuthor } from '../render/author';
import { Avatar } from '../ui/Avatar';
import { Modal } from '../ui/Modal';
import { ErrorNote } from '../ui/forms';
import { PostBody } from '../render/PostBody';
import { EditIcon, ReplyIcon, TrashIcon } from '../ui/icons';

export interface PostItemProps {
  post: Post;
  user: UserProfile | undefined;
  meId: string;
  meName: string;
  isUser: (username: string) => boolean;
  /** Same author as the post before, a few minutes earlier: the header is left out. */
  continuation: boolean;
  replyCount: number;
  onReply?: (post: Post) => void;
  canManage: boolean;
  /** Shown in the thread panel, where every reply is obviously in the thread. */
  inThread?: boolean;
}

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export const PostItem = memo(function PostItem({ post, user, meId, meName, isUser, continuation, replyCount, onReply, canManage, inThread = false }: PostItemProps) {
  const author = postAuthor(post, user);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(post.message);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState('');
  const mentioned = mentionsReader(post.message, meName);
  const own = post.user_id === meId && !author.fromWebhook;
  const editable = own || canManage;

  const save = async () => {
    setError('');
    try {
      await client.patchPost({ id: post.id, message: draft });
      setEditing(false);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const onEditKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(false);
      setDraft(post.message);
    }
  };

  const remove = async () => {
    setError('');
    try {
      await client.deletePost(post.id);
      setConfirmDelete(false);
    } catch (e) {
      setError(errorText(e));
      setConfirmDelete(false);
    }
  };

  const classes = ['post', continuation ? 'post--continuation' : '', mentioned ? 'post--mention' : '', post.root_id ? 'post--reply' : ''];
  return (
    <article className={classes.join(' ')} aria-label={`${author.name}${author.isBot ? ' (bot)' : ''} at ${time(post.create_at)}`} data-post-id={post.id}>
      <div className="post__avatar">{/* A webhook post without an icon of its own shows its creator's picture. */}
        {!continuation && <Avatar name={author.iconUrl ? author.name : (user?.username ?? author.name)} id={author.userId} url={author.iconUrl} />}</div>
      <div className="post__main">
        {!continuation && (
          <div className="post__header">
            <span className="post__author">{author.name}</span>
            {author.isBot && <span className="bot-tag">BOT</span>}
            <time className="post__time" dateTime={new Date(post.create_at).toISOString()} title={new Date(post.create_at).toLocaleString()}>
              {time(post.create_at)}
            </time>
          </div>
        )}
        {post.root_id && !continuation && !inThread && <p className="post__thread-note">replied in a thread</p>}
        {editing ? (
          <div className="post__edit">
            <label className="visually-hidden" htmlFor={`edit-${post.id}`}>Edit message</label>
            <textarea id={`edit-${post.id}`} value={draft} autoFocus rows={Math.min(10, draft.split('\n').length + 1)} onChange={(e) => setDraft(e.target.value)} onKeyDown={onEditKey} />
            <div className="row-gap">
              <button type="button" className="button" onClick={() => { setEditing(false); setDraft(post.message); }}>Cancel</button>
              <button type="button" className="button button--primary" onClick={save}>Save</button>
            </div>
          </div>
        ) : (
          <PostBody post={post} me={meName} isUser={isUser} />
        )}
        {post.edit_at > 0 && !editing && <span className="post__edited">(edited)</span>}
        <ErrorNote>{error}</ErrorNote>
        {replyCount > 0 && onReply && !post.root_id && (
          <button type="button" className="button button--link post__replies" onClick={() => onReply(post)}>
            {replyCount} {replyCount === 1 ? 'reply' : 'replies'}
          </button>
        )}
      </div>
      <div className="post__actions" role="group" aria-label="Message actions">
        {onReply && (
          <button type="button" className="icon-button" aria-label="Reply in thread" title="Reply" onClick={() => onReply(post)}><ReplyIcon /></button>
        )}
        {editable && !editing && (
          <button type="button" className="icon-button" aria-label="Edit message" title="Edit" onClick={() => { setDraft(post.message); setEditing(true); }}><EditIcon /></button>
        )}
        {editable && (
          <button type="button" className="icon-button" aria-label="Delete message" title="Delete" onClick={() => setConfirmDelete(true)}><TrashIcon /></button>
        )}
      </div>
      {confirmDelete && (
        <Modal title="Delete message" onClose={() => setConfirmDelete(false)}>
          {() => (
            <div className="modal__body">
              <p>Are you sure you want to delete this message? This cannot be undone.</p>
              <div className="modal__actions">
                <button type="button" className="button" autoFocus onClick={() => setConfirmDelete(false)}>Cancel</button>
                <button type="button" className="button button--danger" onClick={remove}>Delete</button>
              </div>
            </div>
          )}
        </Modal>
      )}
    </article>
  );
});

function mentionsReader(message: string, me: string): boolean {
  const lower = message.toLowerCase();
  return new RegExp(`(^|[^a-z0-9_.-])@(${escape(me)}|channel|all|here)(?![a-z0-9_-])`).test(lower);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
