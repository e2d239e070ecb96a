// The sign-in form, rendered on the server: it posts to the sign-in route, which redirects back here on failure.
import { z } from "zod";

export const dynamic = "force-dynamic";

const MESSAGES = {
  invalid: "Wrong email or password.",
  limited: "Too many failed sign-ins. Wait a few minutes and try again.",
} as const;
const searchSchema = z.object({ error: z.enum(["invalid", "limited"]).optional().catch(undefined) });

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { error } = searchSchema.parse(await searchParams);
  return (
    <main>
      <h1>Sign in to CatSyphon</h1>
      {error ? (
        <p className="error" role="alert">
          {MESSAGES[error]}
        </p>
      ) : null}
      <form method="post" action="/api/v1/auth/sign-in">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
