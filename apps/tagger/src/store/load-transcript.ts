import { type PrismaClient } from "@catsyphon/db";

import { errorTypeOf, toolCallsOf, type Transcript } from "../transcript";

/** The conversation's transcript, or null when it does not exist in that workspace (deleted since the request). */
export async function loadTranscript(
  prisma: PrismaClient,
  workspaceId: string,
  conversationId: string,
): Promise<Transcript | null> {
  const conversation = await prisma.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { id: true, workspaceId: true, agentType: true, outcome: true, tags: true },
  });
  if (!conversation) return null;
  const [messages, files] = await Promise.all([
    prisma.message.findMany({
      where: { conversationId },
      orderBy: { sequence: "asc" },
      select: {
        sequence: true,
        authorRole: true,
        messageType: true,
        content: true,
        toolCalls: true,
        extraData: true,
      },
    }),
    prisma.fileTouched.findMany({
      where: { conversationId },
      select: { filePath: true },
      distinct: ["filePath"],
    }),
  ]);
  return {
    conversationId: conversation.id,
    workspaceId: conversation.workspaceId,
    agentType: conversation.agentType,
    outcome: conversation.outcome,
    messages: messages.map((message) => ({
      sequence: message.sequence,
      role: message.authorRole,
      type: message.messageType,
      content: message.content,
      toolCalls: toolCallsOf(message.toolCalls),
      errorType: message.messageType === "error" ? errorTypeOf(message.extraData) : undefined,
    })),
    filePaths: files.map((file) => file.filePath),
    storedTags: conversation.tags,
  };
}
