// Signing out is a same-origin form post (the sign-out route answers a form with a redirect to the sign-in page).
export function SignOutButton() {
  return (
    <form method="post" action="/api/v1/auth/sign-out" className="inline-form">
      <button type="submit" className="button-quiet">
        Sign out
      </button>
    </form>
  );
}
