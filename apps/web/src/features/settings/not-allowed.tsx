// What a member or viewer sees on a settings page only admins and owners use.
export function NotAllowed({ role, what }: { role: string | null; what: string }) {
  return (
    <div className="notice">
      <p>
        Your role ({role ?? "none"}) cannot manage {what}. Ask an admin or an owner of this workspace.
      </p>
    </div>
  );
}
