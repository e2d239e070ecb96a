import "server-only";
// A conversation's export as a stream: the transcript is read a page at a time as the client takes the body
// (ReadableStream pull), so a 10,000-message session is never held in memory whole, and each page starts after the
// last sequence written, so messages arriving meanwhile neither repeat nor shift what was written.
import { type PrismaClient } from "@catsyphon/db";
import { type ConversationDetail } from "../conversations/schemas";
import { listMessages } from "../messages/queries";
import { markdownHeader, markdownMessage } from "./markdown";
import { type ExportFormat } from "./schemas";

export const EXPORT_PAGE_SIZE = 500;

export function exportFileName(conversation: ConversationDetail, format: ExportFormat): string {
  const base = (conversation.slug ?? conversation.id).replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80);
  return `catsyphon-${base}.${format}`;
}

export function exportStream(
  prisma: PrismaClient,
  workspaceId: string,
  conversation: ConversationDetail,
  format: ExportFormat,
  pageSize = EXPORT_PAGE_SIZE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  let lastSequence = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(
            encoder.encode(
              format === "md"
                ? markdownHeader(conversation)
                : `${JSON.stringify({ record: "conversation", conversation })}\n`,
            ),
          );
          return;
        }
        const page = await listMessages(prisma, workspaceId, conversation.id, {
          page_size: pageSize,
          from_sequence: lastSequence + 1,
        });
        const items = (page?.items ?? []).filter((item) => item.sequence > lastSequence);
        if (items.length === 0) {
          controller.close();
          return;
        }
        lastSequence = items.at(-1)?.sequence ?? lastSequence;
        const text =
          format === "md"
            ? items.map(markdownMessage).join("")
            : items.map((item) => `${JSON.stringify({ record: "message", ...item })}\n`).join("");
        controller.enqueue(encoder.encode(text));
      },
    },
    // One chunk ahead at most: at most two pages are in memory at once.
    { highWaterMark: 1 },
  );
}
