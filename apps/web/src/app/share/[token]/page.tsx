import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { QueryProvider } from "../../../client/query-provider";
import { formatTime } from "../../../client/format";
import { getConversation } from "../../../features/conversations/queries";
import { Transcript } from "../../../features/messages/ui/transcript";
import { logShareView, shareAccess } from "../../../features/share-links/queries";
import { shareTokenParamsSchema } from "../../../features/share-links/schemas";
import { CLIENT_ADDRESS_HEADER } from "../../../server/client-address";
import { SESSION_COOKIE } from "../../../server/cookies";
import { prisma, readPrisma } from "../../../server/db";
import { sessionFromToken } from "../../../server/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared session · CatSyphon", robots: { index: false } };

function Refused({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="content share-page">
      <h1>{title}</h1>
      <div className="notice">{children}</div>
    </main>
  );
}

// A read-only view of one conversation through a share link (decision 0051); each opening is logged.
export default async function SharedConversationPage({
  params,
}: {
  params: Promise<Record<string, string>>;
}) {
  const parsed = shareTokenParamsSchema.safeParse(await params);
  const user = await sessionFromToken((await cookies()).get(SESSION_COOKIE)?.value);
  const access = parsed.success ? await shareAccess(prisma(), parsed.data.token, user?.userId) : undefined;
  if (!access || (!access.ok && access.reason === "not_found")) {
    return (
      <Refused title="No such share link">
        <p>This link does not exist. Ask whoever sent it for a new one.</p>
      </Refused>
    );
  }
  if (!access.ok && access.reason === "gone") {
    return (
      <Refused title="This share link no longer works">
        <p>It was revoked or has expired. Ask whoever sent it for a new one.</p>
      </Refused>
    );
  }
  if (!access.ok) {
    return (
      <Refused title="Sign in to open this shared session">
        <p>
          This workspace opens share links only for its members. <Link href="/sign-in">Sign in</Link>, then
          open the link again.
        </p>
      </Refused>
    );
  }
  const conversation = await getConversation(readPrisma(), access.workspaceId, access.conversationId);
  if (!conversation) {
    return (
      <Refused title="This share link no longer works">
        <p>The session it pointed to is gone.</p>
      </Refused>
    );
  }
  await logShareView(prisma(), access.linkId, {
    userId: user?.userId,
    clientAddress: (await headers()).get(CLIENT_ADDRESS_HEADER) ?? undefined,
  });
  const token = parsed.success ? parsed.data.token : "";
  return (
    <main className="content share-page">
      <p className="muted">Shared read-only from CatSyphon</p>
      <h1>{conversation.slug ?? `Session ${conversation.id.slice(0, 8)}`}</h1>
      <p className="muted">
        {conversation.agent_type} · {conversation.project_name ?? "no project"} ·{" "}
        {conversation.developer ?? "unknown developer"} · started {formatTime(conversation.start_time)}
      </p>
      <QueryProvider>
        <Transcript conversation={conversation} messagesPath={`/api/v1/share/${token}/messages`} readOnly />
      </QueryProvider>
    </main>
  );
}
