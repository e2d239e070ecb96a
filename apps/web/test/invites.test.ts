// Invitations: an admin invites an email with a role and gets a one-time link valid 7 days; accepting it creates the
// account (or, for an existing account, only the membership), once; expired and revoked links are refused.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { body, TestClient } from "./support/client";
import { PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";

let web: WebProcess;
let prisma: PrismaClient;
let team: Awaited<ReturnType<typeof workspaceWithMembers>>;
let admin: TestClient;

interface CreatedInvite {
  id: string;
  token: string;
  url: string;
  role: string;
  state: string;
  expires_at: string;
}

beforeAll(async () => {
  web = await startWebProcess({ label: "web-invites" });
  prisma = testPrisma(web.database.url);
  team = await workspaceWithMembers(prisma, "Inviting Team");
  admin = new TestClient(web.url);
  expect((await admin.signIn(team.users.admin.email, PASSWORD)).status).toBe(200);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

async function inviteOf(email: string, role = "member"): Promise<CreatedInvite> {
  const response = await admin.post("/api/v1/invites", { json: { email, role } });
  expect(response.status).toBe(201);
  return body<CreatedInvite>(response);
}

describe("invitations", () => {
  it("give a one-time link valid 7 days, stored only as a hash", async () => {
    const before = Date.now();
    const invite = await inviteOf("New.Person@Example.com");
    expect(invite.url).toBe(`${web.url}/invite/${invite.token}`);
    expect(invite.state).toBe("pending");
    const expiresIn = new Date(invite.expires_at).getTime() - before;
    expect(expiresIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.email).toBe("new.person@example.com");
    expect(row.tokenHash).toBe(createHash("sha256").update(invite.token).digest("hex"));
    const listed = await body<{ items: { id: string; invited_by: string }[] }>(
      await admin.get("/api/v1/invites"),
    );
    expect(listed.items.find((item) => item.id === invite.id)?.invited_by).toBe(team.users.admin.email);
    const page = await new TestClient(web.url).get(new URL(invite.url).pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/api/v1/invites/accept"');
  });

  it("create the account and membership, sign the new user in, and work only once", async () => {
    const invite = await inviteOf("fresh@example.com", "viewer");
    const invitee = new TestClient(web.url);
    const weak = await invitee.post("/api/v1/invites/accept", {
      json: { token: invite.token, password: "short" },
    });
    expect(weak.status).toBe(400);
    const accepted = await invitee.post("/api/v1/invites/accept", {
      json: { token: invite.token, password: "fresh password 123", name: "Fresh" },
    });
    expect(accepted.status).toBe(200);
    expect(await body(accepted)).toMatchObject({
      workspace: { id: team.workspace.id },
      role: "viewer",
      user: { email: "fresh@example.com" },
    });
    expect(await body(await invitee.get("/api/v1/me"))).toMatchObject({
      role: "viewer",
      workspace: { id: team.workspace.id },
    });

    const again = await new TestClient(web.url).post("/api/v1/invites/accept", {
      json: { token: invite.token, password: "another password 1" },
    });
    expect(again.status).toBe(404);
    expect(await prisma.user.count({ where: { email: "fresh@example.com" } })).toBe(1);
    expect((await new TestClient(web.url).signIn("fresh@example.com", "fresh password 123")).status).toBe(
      200,
    );
    const listed = await body<{ items: { id: string; state: string }[] }>(await admin.get("/api/v1/invites"));
    expect(listed.items.find((item) => item.id === invite.id)?.state).toBe("accepted");
  });

  it("from the page's form, redirect home signed in", async () => {
    const invite = await inviteOf("formfill@example.com");
    const invitee = new TestClient(web.url);
    const response = await invitee.post("/api/v1/invites/accept", {
      form: { token: invite.token, password: "form password 123", name: "" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(await (await invitee.get("/")).text()).toContain("formfill@example.com");

    // A used link sends the form back with a fixed message; the page ignores words put in the link.
    const reused = await new TestClient(web.url).post("/api/v1/invites/accept", {
      form: { token: invite.token, password: "form password 123" },
    });
    expect(reused.status).toBe(303);
    expect(reused.headers.get("location")).toBe(`/invite/${invite.token}?error=invalid`);
    const page = await (await new TestClient(web.url).get(`/invite/${invite.token}?error=invalid`)).text();
    expect(page).toContain("invalid, used, revoked or expired");
    const crafted = await (
      await new TestClient(web.url).get(`/invite/x?error=Send+your+password+to+evil`)
    ).text();
    expect(crafted).not.toContain("Send your password");
  });

  it("for an email that has an account, ask that user to sign in, then add only the membership", async () => {
    const other = await workspaceWithMembers(prisma, "Elsewhere");
    const email = other.users.member.email;
    const invite = await inviteOf(email, "member");
    const anonymous = await new TestClient(web.url).post("/api/v1/invites/accept", {
      json: { token: invite.token, password: "trying to take it over" },
    });
    expect(anonymous.status).toBe(401);
    const hashBefore = (await prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash;
    const user = new TestClient(web.url);
    await user.signIn(email, PASSWORD);
    const accepted = await user.post("/api/v1/invites/accept", { json: { token: invite.token } });
    expect(accepted.status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBe(hashBefore);
    const mine = await body<{ items: { id: string }[] }>(await user.get("/api/v1/workspaces"));
    expect(mine.items.map((w) => w.id).sort()).toEqual([other.workspace.id, team.workspace.id].sort());
  });

  it("are refused once expired or revoked, and for unknown tokens", async () => {
    const expired = await inviteOf("late@example.com");
    await prisma.invitation.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const revoked = await inviteOf("unwanted@example.com");
    expect((await admin.call("DELETE", `/api/v1/invites/${revoked.id}`)).status).toBe(200);
    for (const token of [expired.token, revoked.token, "no-such-token"]) {
      const response = await new TestClient(web.url).post("/api/v1/invites/accept", {
        json: { token, password: "a good long password" },
      });
      expect(response.status).toBe(404);
    }
    expect(
      await prisma.user.count({ where: { email: { in: ["late@example.com", "unwanted@example.com"] } } }),
    ).toBe(0);
    const states = await body<{ items: { id: string; state: string }[] }>(await admin.get("/api/v1/invites"));
    expect(states.items.find((i) => i.id === expired.id)?.state).toBe("expired");
    expect(states.items.find((i) => i.id === revoked.id)?.state).toBe("revoked");
  });

  it("are refused for someone already a member, and accepting needs our own origin", async () => {
    const conflict = await admin.post("/api/v1/invites", {
      json: { email: team.users.viewer.email, role: "member" },
    });
    expect(conflict.status).toBe(409);
    const invite = await inviteOf("crosssite@example.com");
    const foreign = await new TestClient(web.url).post("/api/v1/invites/accept", {
      json: { token: invite.token, password: "a good long password" },
      origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invite.id } })).acceptedAt).toBeNull();
  });

  it("accepted twice at once, join once", async () => {
    const invite = await inviteOf("racer@example.com");
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        new TestClient(web.url).post("/api/v1/invites/accept", {
          json: { token: invite.token, password: "racing password 1" },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 404, 404]);
    expect(await prisma.user.count({ where: { email: "racer@example.com" } })).toBe(1);
  });
});
