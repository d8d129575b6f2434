// The websocket hub follows the event bus: each post change goes to every connection of the
// channel's members, and sockets opened with a revoked session are closed.
import type { EventBus } from '../app/ports/events.js';
import type { WebSocketHub } from '../realtime/websocket-hub.js';
import { postDeletedEventData, postEditedEventData, postedEventData } from '../realtime/post-events.js';

/** Returns the function that stops following. */
export function followEvents(hub: WebSocketHub, events: EventBus): () => void {
  const stops = [
    events.subscribe('post.created', ({ post, channel, author, memberIds, setOnline, mentions }) => {
      const data = postedEventData({ post, channel, senderName: author.username, setOnline, mentions });
      hub.sendToUsers(memberIds, 'posted', data, { channel_id: channel.id });
    }),
    events.subscribe('post.edited', ({ post, memberIds }) => {
      hub.sendToUsers(memberIds, 'post_edited', postEditedEventData(post), { channel_id: post.channel_id });
    }),
    events.subscribe('post.deleted', ({ post, memberIds }) => {
      hub.sendToUsers(memberIds, 'post_deleted', postDeletedEventData(post), { channel_id: post.channel_id });
    }),
    events.subscribe('session.revoked', ({ sessionIds }) => hub.closeSessions(sessionIds)),
  ];
  return () => stops.forEach((stop) => stop());
}
