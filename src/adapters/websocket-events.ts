// Post events for the websocket hub: each change goes to every connection of the channel's members.
import type { PostEvents } from '../app/ports.js';
import type { WebSocketHub } from '../realtime/websocket-hub.js';
import { postDeletedEventData, postEditedEventData, postedEventData } from '../realtime/post-events.js';

export function websocketPostEvents(hub: WebSocketHub): PostEvents {
  return {
    posted(post, channel, sender, memberIds, opts) {
      const data = postedEventData({ post, channel, senderName: sender.username, setOnline: opts.setOnline, mentions: opts.mentions });
      hub.sendToUsers(memberIds, 'posted', data, { channel_id: channel.id });
    },
    edited(post, memberIds) {
      hub.sendToUsers(memberIds, 'post_edited', postEditedEventData(post), { channel_id: post.channel_id });
    },
    deleted(post, memberIds) {
      hub.sendToUsers(memberIds, 'post_deleted', postDeletedEventData(post), { channel_id: post.channel_id });
    },
  };
}
