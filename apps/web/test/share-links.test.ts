// Share links against the real web process and database: members create, list and revoke; viewers cannot create;
// a link opens (page and messages) for a signed-in member, for anyone only once the owner allowed it (an admin
// cannot); revoked, expired, unknown and another workspace's links stop working; each opening is logged.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { messageListSchema } from "../src/features/messages/schemas";
import { createdShareLinkSchema, shareLinkListSchema } from "../src/features/share-links/schemas";
import { TestClient } from "./support/client";
import { PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";
import { seedLongSession } from "./support/long-session";

let web: WebProcess;
let prisma: PrismaClient;
let team: Awaited<ReturnType<typeof workspaceWithMembers>>;
let other: Awaited<ReturnType<typeof workspaceWithMembers>>;
let conversationId: string;
const as: Record<string, TestClient> = {};

async function signedIn(email: string): Promise<TestClient> {
  const client = new TestClient(web.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return client;
}

beforeAll(async () => {
  web = await startWebProcess({ label: "web-share" });
  prisma = testPrisma(web.database.url);
  team = await workspaceWithMembers(prisma, "Sharing team");
  other = await workspaceWithMembers(prisma, "Other team");
  conversationId = (await seedLongSession(prisma, team.workspace.id, 8, "shared-otter")).id;
  for (const role of ["owner", "admin", "member", "viewer"] as const)
    as[role] = await signedIn(team.users[role].email);
  as.outsider = await signedIn(other.users.owner.email);
  as.anonymous = new TestClient(web.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

async function createLink(client: TestClient, days = 7) {
  const response = await client.post(`/api/v1/conversations/${conversationId}/share-links`, {
    json: { expires_in_days: days },
  });
  expect(response.status).toBe(201);
  return createdShareLinkSchema.parse(await response.json());
}

const openPage = async (client: TestClient, path: string) => {
  const response = await client.get(path);
  return { status: response.status, html: await response.text() };
};
const messages = (client: TestClient, token: string) =>
  client.get(`/api/v1/share/${token}/messages?page_size=5`);

describe("share links", () => {
  it("lets a member create one, shown once with its path; a viewer cannot; another workspace gets a 404", async () => {
    const link = await createLink(as.member!);
    expect(link.path).toBe(`/share/${link.token}`);
    expect(link.status).toBe("active");
    const stored = await prisma.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.tokenHash).not.toContain(link.token);
    const viewer = await as.viewer!.post(`/api/v1/conversations/${conversationId}/share-links`, { json: {} });
    expect(viewer.status).toBe(403);
    const outsider = await as.outsider!.post(`/api/v1/conversations/${conversationId}/share-links`, {
      json: {},
    });
    expect(outsider.status).toBe(404);
    const bad = await as.member!.post(`/api/v1/conversations/${conversationId}/share-links`, {
      json: { expires_in_days: 400 },
    });
    expect(bad.status).toBe(400);
  });

  it("opens for a signed-in member; anyone else must sign in until the owner allows it", async () => {
    const link = await createLink(as.member!);
    const member = await openPage(as.viewer!, link.path);
    expect(member.status).toBe(200);
    expect(member.html).toContain("shared-otter");
    expect((await messages(as.viewer!, link.token)).status).toBe(200);

    expect((await openPage(as.anonymous!, link.path)).html).toContain("Sign in to open this shared session");
    expect((await messages(as.anonymous!, link.token)).status).toBe(401);
    expect((await messages(as.outsider!, link.token)).status).toBe(401);

    // Only an owner decides.
    const byAdmin = await as.admin!.call("PUT", "/api/v1/workspaces/current/share-settings", {
      json: { public_share_links: true },
    });
    expect(byAdmin.status).toBe(403);
    const byOwner = await as.owner!.call("PUT", "/api/v1/workspaces/current/share-settings", {
      json: { public_share_links: true },
    });
    expect(byOwner.status).toBe(200);
    const anonymous = await openPage(as.anonymous!, link.path);
    expect(anonymous.status).toBe(200);
    expect(anonymous.html).toContain("Shared read-only");
    const page = messageListSchema.parse(await (await messages(as.anonymous!, link.token)).json());
    expect(page).toMatchObject({ total: 8, page_size: 5 });
    expect(page.items[0]?.content).toContain("Please fix");
  });

  it("logs each opening, and lists the link with its views", async () => {
    const link = await createLink(as.member!);
    await openPage(as.anonymous!, link.path);
    await openPage(as.viewer!, link.path);
    const views = await prisma.shareLinkView.findMany({
      where: { shareLinkId: link.id },
      orderBy: { viewedAt: "asc" },
    });
    expect(views.map((view) => view.viewerUserId)).toEqual([null, team.users.viewer.id]);
    const list = shareLinkListSchema.parse(
      await (await as.viewer!.get(`/api/v1/conversations/${conversationId}/share-links`)).json(),
    );
    expect(list.items.find((item) => item.id === link.id)).toMatchObject({ views: 2, status: "active" });
  });

  it("stops working once revoked or expired; unknown tokens and other workspaces' ids are 404s", async () => {
    const link = await createLink(as.member!);
    expect((await as.outsider!.call("DELETE", `/api/v1/share-links/${link.id}`)).status).toBe(404);
    expect((await as.viewer!.call("DELETE", `/api/v1/share-links/${link.id}`)).status).toBe(403);
    expect((await as.member!.call("DELETE", `/api/v1/share-links/${link.id}`)).status).toBe(204);
    expect((await openPage(as.anonymous!, link.path)).html).toContain("This share link no longer works");
    expect((await messages(as.anonymous!, link.token)).status).toBe(404);

    const expiring = await createLink(as.member!);
    await prisma.shareLink.update({
      where: { id: expiring.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await messages(as.anonymous!, expiring.token)).status).toBe(404);
    const list = shareLinkListSchema.parse(
      await (await as.member!.get(`/api/v1/conversations/${conversationId}/share-links`)).json(),
    );
    expect(list.items.find((item) => item.id === link.id)?.status).toBe("revoked");
    expect(list.items.find((item) => item.id === expiring.id)?.status).toBe("expired");

    const unknown = `css_${"A".repeat(43)}`;
    expect((await messages(as.anonymous!, unknown)).status).toBe(404);
    expect((await openPage(as.anonymous!, `/share/${unknown}`)).html).toContain("No such share link");
  });
});
