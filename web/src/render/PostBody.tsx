// What a post says: its Markdown message, then its attachments.
import type { Post } from '@mattermost/types/posts';
import { MessageMarkdown } from './Markdown';
import { Attachments } from './Attachments';
import type { MentionOptions } from './mentions';

export function PostBody({ post, me, isUser }: { post: Pick<Post, 'message' | 'props'> } & MentionOptions) {
  const mentions = { me, isUser };
  return (
    <div className="post__body">
      {post.message && <MessageMarkdown text={post.message} {...mentions} />}
      <Attachments value={post.props?.attachments} mentions={mentions} />
    </div>
  );
}
