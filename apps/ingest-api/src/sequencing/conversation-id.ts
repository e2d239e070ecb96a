import { createHash } from "node:crypto";

// Fixed namespace of CatSyphon conversation ids (a random UUID chosen once; never change it: ids derive from it).
const CONVERSATION_NAMESPACE = "6c7d1b2e-3f4a-4b5c-8d6e-7f8091a2b3c4";

function uuidV5(namespace: string, name: string): string {
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The conversation id of a collector session: UUIDv5 of workspace + session id. Deterministic, so the API can
 * answer with it at once and every replica (and the worker) agrees without a lookup.
 */
export function conversationIdFor(workspaceId: string, sessionId: string): string {
  return uuidV5(CONVERSATION_NAMESPACE, `${workspaceId}\n${sessionId}`);
}
