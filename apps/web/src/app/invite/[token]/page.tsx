// The invitation link's page: a form that accepts the invitation (a new account chooses its password here).
import { z } from "zod";

export const dynamic = "force-dynamic";

const MESSAGES = {
  invalid: "This invitation link is invalid, used, revoked or expired. Ask for a new one.",
  sign_in: "This email has an account: sign in first, then open the link again.",
  password: "Choose a password of 12 characters or more.",
} as const;
const searchSchema = z.object({
  error: z.enum(["invalid", "sign_in", "password"]).optional().catch(undefined),
});

export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { token } = await params;
  const { error } = searchSchema.parse(await searchParams);
  return (
    <main>
      <h1>Join a CatSyphon workspace</h1>
      {error ? (
        <p className="error" role="alert">
          {MESSAGES[error]}
        </p>
      ) : null}
      <p>If you have no account yet, choose a password (12 characters or more). If you do, sign in first.</p>
      <form method="post" action="/api/v1/invites/accept">
        <input type="hidden" name="token" value={token} />
        <label>
          Your name (optional)
          <input name="name" autoComplete="name" />
        </label>
        <label>
          Password for a new account
          <input name="password" type="password" autoComplete="new-password" minLength={12} />
        </label>
        <button type="submit">Accept the invitation</button>
      </form>
    </main>
  );
}
