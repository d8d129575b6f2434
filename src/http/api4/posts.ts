// /api/v4/posts and channel post lists.
import type { RoutePlugin } from '../route-kit.js';
import { bodyObject, boolField, nonNegativeInt, objectField, parsePage, pathId, queryFlag, stringArrayField, stringField } from '../request-input.js';
import { isValidId } from '../../domain/ids.js';
import { createUserPost, deletePost, getPost, patchPost } from '../../app/posts.js';
import { channelPosts, parseThreadQuery, postThread, type ChannelPostsQuery } from '../../app/post-lists.js';
import { invalidBodyParam } from '../../domain/errors.js';
import type { PostMetadata } from '../../domain/posts.js';

type Query = Record<string, string | undefined>;

export const postRoutes: RoutePlugin = async (app, { kit: { ctx, caller } }) => {
  app.post('/posts', async (req, reply) => {
    const who = await caller(req);
    const body = bodyObject(req.body, 'post');
    const metadata = objectField(body, 'metadata');
    const post = await createUserPost(ctx, who, {
      channel_id: stringField(body, 'channel_id', { required: true }),
      message: stringField(body, 'message'),
      root_id: stringField(body, 'root_id'),
      type: stringField(body, 'type'),
      props: objectField(body, 'props'),
      file_ids: stringArrayField(body, 'file_ids'),
      pending_post_id: stringField(body, 'pending_post_id', { max: 64 }),
      metadata: metadata ? { priority: objectField(metadata, 'priority') as PostMetadata['priority'] } : undefined,
    });
    reply.code(201);
    return post;
  });

  app.get('/posts/:post_id', async (req) => {
    const who = await caller(req);
    return getPost(ctx, who, pathId(req.params, 'post_id'), queryFlag(req.query as Query, 'include_deleted'));
  });

  app.put('/posts/:post_id/patch', async (req) => {
    const who = await caller(req);
    const body = bodyObject(req.body, 'post');
    const message = body.message === undefined ? undefined : stringField(body, 'message');
    return patchPost(ctx, who, pathId(req.params, 'post_id'), {
      message,
      is_pinned: boolField(body, 'is_pinned'),
      props: objectField(body, 'props'),
    });
  });

  app.delete('/posts/:post_id', async (req) => {
    const who = await caller(req);
    await deletePost(ctx, who, pathId(req.params, 'post_id'));
    return { status: 'OK' };
  });

  app.get('/posts/:post_id/thread', async (req) => {
    const who = await caller(req);
    const postId = pathId(req.params, 'post_id');
    return postThread(ctx, who, postId, parseThreadQuery(req.query as Query));
  });

  app.get('/channels/:channel_id/posts', async (req) => {
    const who = await caller(req);
    const channelId = pathId(req.params, 'channel_id');
    return channelPosts(ctx, who, channelId, parseChannelPostsQuery(req.query as Query));
  });
};

function parseChannelPostsQuery(q: Query): ChannelPostsQuery {
  const skipFetchThreads = queryFlag(q, 'skipFetchThreads');
  if (q.since !== undefined) {
    const since = nonNegativeInt(q.since);
    if (since === null) throw invalidBodyParam('since');
    return { mode: 'since', since, skipFetchThreads };
  }
  if (q.before || q.after) {
    const pivotId = (q.before || q.after)!;
    if (!isValidId(pivotId)) throw invalidBodyParam(q.before ? 'before' : 'after');
    return { mode: 'around', pivotId, direction: q.before ? 'before' : 'after', page: parsePage(q), skipFetchThreads };
  }
  return { mode: 'page', page: parsePage(q), collapsedThreads: queryFlag(q, 'collapsedThreads'), skipFetchThreads };
}
