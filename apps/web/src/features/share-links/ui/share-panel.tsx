"use client";
// Share links of a conversation: members and up create one (the link is shown once: only its hash is kept),
// see each link's state and views, and revoke it; an owner also chooses whether links open without signing in.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { formatInteger, formatShortTime } from "../../../client/format";
import { createdShareLinkSchema, shareLinkListSchema, shareSettingsSchema } from "../schemas";

export function SharePanel({
  conversationId,
  canShare,
  isOwner,
}: {
  conversationId: string;
  canShare: boolean;
  isOwner: boolean;
}) {
  const queryClient = useQueryClient();
  const linksKey = ["conversation", conversationId, "share-links"];
  const [days, setDays] = useState("7");
  const [created, setCreated] = useState<string>();
  const links = useQuery({
    queryKey: linksKey,
    queryFn: ({ signal }) =>
      apiRequest(`/api/v1/conversations/${conversationId}/share-links`, shareLinkListSchema, { signal }),
  });
  const settings = useQuery({
    queryKey: ["share-settings"],
    queryFn: ({ signal }) =>
      apiRequest("/api/v1/workspaces/current/share-settings", shareSettingsSchema, { signal }),
  });
  const create = useMutation({
    mutationFn: () =>
      apiRequest(`/api/v1/conversations/${conversationId}/share-links`, createdShareLinkSchema, {
        method: "POST",
        json: { expires_in_days: Number(days) },
      }),
    onSuccess: async (link) => {
      setCreated(`${window.location.origin}${link.path}`);
      await queryClient.invalidateQueries({ queryKey: linksKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/v1/share-links/${id}`, z.undefined(), { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linksKey }),
  });
  const setPublic = useMutation({
    mutationFn: (value: boolean) =>
      apiRequest("/api/v1/workspaces/current/share-settings", shareSettingsSchema, {
        method: "PUT",
        json: { public_share_links: value },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["share-settings"] }),
  });
  // The choice being saved shows at once.
  const isPublic = setPublic.isPending
    ? (setPublic.variables ?? false)
    : (settings.data?.public_share_links ?? false);
  const failure = links.error ?? create.error ?? revoke.error ?? setPublic.error;

  return (
    <>
      <p className="muted">
        A share link shows this session read-only until it expires or is revoked; every opening is logged.{" "}
        {isPublic
          ? "Anyone with the link can open it."
          : "Only members of this workspace can open it (signed in)."}
      </p>
      {isOwner ? (
        <p>
          <label>
            <input
              type="checkbox"
              checked={isPublic}
              disabled={setPublic.isPending || settings.isLoading}
              onChange={(event) => setPublic.mutate(event.target.checked)}
            />{" "}
            Let share links open without signing in (whole workspace)
          </label>
        </p>
      ) : null}
      {failure ? (
        <div className="error-box" role="alert">
          {errorMessage(failure)}
        </div>
      ) : null}
      {canShare ? (
        <form
          className="share-form"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <label htmlFor="share-days">Expires after (days)</label>
          <input
            id="share-days"
            type="number"
            min={1}
            max={90}
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
          <button type="submit" disabled={create.isPending}>
            Create share link
          </button>
        </form>
      ) : null}
      {created ? (
        <p role="status">
          New link (shown once): <code data-testid="new-share-link">{created}</code>
        </p>
      ) : null}
      {links.data && links.data.items.length > 0 ? (
        <ul className="plain-list" data-testid="share-links">
          {links.data.items.map((link) => (
            <li key={link.id}>
              <strong>{link.status}</strong> · created {formatShortTime(link.created_at)} · expires{" "}
              {formatShortTime(link.expires_at)} · {formatInteger(link.views)} view
              {link.views === 1 ? "" : "s"}
              {link.last_viewed_at ? `, last ${formatShortTime(link.last_viewed_at)}` : ""}{" "}
              {canShare && link.status === "active" ? (
                <button type="button" className="button-danger" onClick={() => revoke.mutate(link.id)}>
                  Revoke
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : links.data ? (
        <p className="muted">No share links yet.</p>
      ) : null}
    </>
  );
}
