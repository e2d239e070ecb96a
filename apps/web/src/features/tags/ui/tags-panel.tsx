"use client";
// A conversation's merged tags with where each came from (rule, llm, human: _meta.source), and for members and up
// a form to correct the judged fields (PATCH /tags: marked human, kept across re-tagging; empty hands a field back
// to the tagger) and a re-tag button (POST /retag). Viewers get neither: the API refuses them too.
import { JUDGED_TAG_FIELDS, type JudgedTags, TAG_INTENTS, TAG_SENTIMENTS } from "@catsyphon/protocol";
import { SESSION_OUTCOMES } from "@catsyphon/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { conversationTagsSchema, retagAcceptedSchema } from "../schemas";

type Field = keyof JudgedTags;
const CHOICES: Partial<Record<Field, readonly string[]>> = {
  intent: TAG_INTENTS,
  outcome: SESSION_OUTCOMES,
  sentiment: TAG_SENTIMENTS,
};
const LIST_FIELDS: readonly Field[] = ["features", "problems"];

const show = (value: unknown) =>
  Array.isArray(value) ? value.join(", ") : typeof value === "object" ? JSON.stringify(value) : String(value);

function sourcesOf(tags: Record<string, unknown>): Record<string, string> {
  const meta = tags._meta;
  if (typeof meta !== "object" || meta === null || !("source" in meta)) return {};
  const source = (meta as { source: unknown }).source;
  return typeof source === "object" && source !== null ? (source as Record<string, string>) : {};
}

/** The PATCH body from the form's text: empty → null (back to the tagger); lists split on commas. */
function editFrom(values: Record<string, string>): Record<string, unknown> {
  const edit: Record<string, unknown> = {};
  for (const field of JUDGED_TAG_FIELDS) {
    const raw = (values[field] ?? "").trim();
    if (raw === "") edit[field] = null;
    else if (LIST_FIELDS.includes(field))
      edit[field] = raw
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
    else if (field === "sentiment_score") edit[field] = Number(raw);
    else edit[field] = raw;
  }
  return edit;
}

export function TagsPanel({
  conversationId,
  tags,
  canEdit,
}: {
  conversationId: string;
  tags: Record<string, unknown>;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const sources = sourcesOf(tags);
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["conversation", conversationId] });
  const save = useMutation({
    mutationFn: (edit: Record<string, unknown>) =>
      apiRequest(`/api/v1/conversations/${conversationId}/tags`, conversationTagsSchema, {
        method: "PATCH",
        json: edit,
      }),
    onSuccess: async () => {
      setEditing(false);
      setNotice("Tags saved. Your values are kept when the session is re-tagged.");
      await refresh();
    },
  });
  const retag = useMutation({
    mutationFn: () =>
      apiRequest(`/api/v1/conversations/${conversationId}/retag`, retagAcceptedSchema, { method: "POST" }),
    onSuccess: () => setNotice("Re-tagging queued; the tags update when the tagger is done."),
  });
  const entries = Object.entries(tags).filter(([key]) => !key.startsWith("_"));
  const startEditing = () => {
    setValues(
      Object.fromEntries(
        JUDGED_TAG_FIELDS.map((field) => [field, tags[field] === undefined ? "" : show(tags[field])]),
      ),
    );
    setEditing(true);
    setNotice(undefined);
  };

  return (
    <>
      {entries.length === 0 ? (
        <p className="muted">Not tagged yet.</p>
      ) : (
        <ul className="tag-list" data-testid="tags">
          {entries.map(([key, value]) => (
            <li key={key} className="tag">
              <span className="tag-key">{key}</span> <span className="tag-value">{show(value)}</span>{" "}
              {sources[key] ? <span className="tag-source">({sources[key]})</span> : null}
            </li>
          ))}
        </ul>
      )}
      {notice ? (
        <p role="status" className="muted">
          {notice}
        </p>
      ) : null}
      {save.error || retag.error ? (
        <div className="error-box" role="alert">
          {errorMessage(save.error ?? retag.error)}
        </div>
      ) : null}
      {canEdit && !editing ? (
        <p className="tag-actions">
          <button type="button" onClick={startEditing}>
            Edit tags
          </button>{" "}
          <button
            type="button"
            className="button-quiet"
            disabled={retag.isPending}
            onClick={() => retag.mutate()}
          >
            Re-tag
          </button>
        </p>
      ) : null}
      {canEdit && editing ? (
        <form
          className="tag-form"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(editFrom(values));
          }}
        >
          <p className="muted">Leave a field empty to hand it back to the tagger. Lists: comma separated.</p>
          {JUDGED_TAG_FIELDS.map((field) => {
            const choices = CHOICES[field];
            const id = `tag-edit-${field}`;
            const set = (value: string) => setValues((current) => ({ ...current, [field]: value }));
            return (
              <div key={field} className="field">
                <label htmlFor={id}>{field}</label>
                {choices ? (
                  <select id={id} value={values[field] ?? ""} onChange={(event) => set(event.target.value)}>
                    <option value="">(tagger decides)</option>
                    {choices.map((choice) => (
                      <option key={choice} value={choice}>
                        {choice}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={id}
                    type={field === "sentiment_score" ? "number" : "text"}
                    step={field === "sentiment_score" ? "0.1" : undefined}
                    min={field === "sentiment_score" ? -1 : undefined}
                    max={field === "sentiment_score" ? 1 : undefined}
                    value={values[field] ?? ""}
                    onChange={(event) => set(event.target.value)}
                  />
                )}
              </div>
            );
          })}
          <button type="submit" disabled={save.isPending}>
            Save tags
          </button>{" "}
          <button type="button" className="button-quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : null}
    </>
  );
}
