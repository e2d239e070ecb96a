// "Conversation updated" notices on Redis pub/sub, for the dashboard's live view (DESIGN §6). Small on purpose:
// the dashboard re-reads what it shows; a lost notice only delays an update until its next poll.
import { type Redis } from "ioredis";

export interface ConversationUpdatedNotice {
  workspace_id: string;
  conversation_id: string;
  last_sequence: number;
  status?: "active" | "completed";
}

export function conversationUpdatesChannel(prefix: string): string {
  return `${prefix}:conversation-updated`;
}

export function noticePublisher(redis: Redis, prefix: string) {
  const channel = conversationUpdatesChannel(prefix);
  return async (notice: ConversationUpdatedNotice): Promise<void> => {
    await redis.publish(channel, JSON.stringify(notice));
  };
}
