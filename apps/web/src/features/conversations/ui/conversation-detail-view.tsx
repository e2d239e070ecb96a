"use client";
// A conversation's header and what is known about it (DESIGN §6 detail), from GET /api/v1/conversations/{id}; the
// server's first render is the initial data. The transcript below is the message timeline.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiRequest, errorMessage } from "../../../client/api-client";
import {
  formatCost,
  formatDuration,
  formatInteger,
  formatShortTime,
  formatTime,
  shortId,
} from "../../../client/format";
import { type ConversationDetail, conversationDetailSchema } from "../schemas";
import { Plans, Summaries } from "./extra-data";
import { TagsPanel } from "../../tags/ui/tags-panel";
import { SharePanel } from "../../share-links/ui/share-panel";
import { SessionStatus } from "./session-status";
import { TableScroll } from "../../../client/table-scroll";
import { Transcript } from "../../messages/ui/transcript";

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

export function ConversationDetailView({
  initial,
  canEditTags,
  isOwner,
}: {
  initial: ConversationDetail;
  canEditTags: boolean;
  isOwner: boolean;
}) {
  const detail = useQuery({
    queryKey: ["conversation", initial.id],
    queryFn: ({ signal }) =>
      apiRequest(`/api/v1/conversations/${initial.id}`, conversationDetailSchema, { signal }),
    initialData: initial,
  });
  const conversation = detail.data;
  const extra = conversation.extra_data;
  const title = conversation.slug ?? `Session ${shortId(conversation.id)}`;
  const tokens = [
    ["Input", conversation.input_tokens],
    ["Output", conversation.output_tokens],
    ["Cache read", conversation.cache_read_tokens],
    ["Cache creation", conversation.cache_creation_tokens],
  ] as const;

  return (
    <article className="detail">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/conversations">Conversations</Link>
        {conversation.parent_conversation_id ? (
          <>
            {" / "}
            <Link href={`/conversations/${conversation.parent_conversation_id}`}>Parent session</Link>
          </>
        ) : null}
      </nav>
      <header className="detail-header">
        <h1>{title}</h1>
        <SessionStatus conversation={conversation} />
        <p className="export-links">
          Export:{" "}
          <a href={`/api/v1/conversations/${conversation.id}/export?format=md`} download>
            Markdown
          </a>{" "}
          ·{" "}
          <a href={`/api/v1/conversations/${conversation.id}/export?format=jsonl`} download>
            JSONL
          </a>
        </p>
      </header>
      {detail.error ? (
        <div className="error-box" role="alert">
          <strong>Could not refresh this session.</strong> {errorMessage(detail.error)}
        </div>
      ) : null}

      <dl className="facts">
        <div>
          <dt>Project</dt>
          <dd>{conversation.project_name ?? "none"}</dd>
        </div>
        <div>
          <dt>Developer</dt>
          <dd>{conversation.developer ?? "unknown"}</dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>
            {conversation.agent_type}
            {conversation.agent_version ? ` ${conversation.agent_version}` : ""}
            {conversation.conversation_type === "agent" ? " (sub-agent)" : ""}
          </dd>
        </div>
        <div>
          <dt>Branch</dt>
          <dd>{conversation.git_branch ?? "—"}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(conversation.start_time)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>
            {conversation.end_time
              ? formatTime(conversation.end_time)
              : conversation.status === "active"
                ? "still running"
                : "—"}
            {conversation.end_time
              ? ` (${formatDuration(conversation.start_time, conversation.end_time)})`
              : ""}
          </dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd>{formatTime(conversation.last_activity_at)}</dd>
        </div>
        <div>
          <dt>Messages</dt>
          <dd>
            {formatInteger(conversation.message_count)} ({formatInteger(conversation.tool_call_count)} tool
            calls)
          </dd>
        </div>
        {text(extra.working_directory) ? (
          <div className="fact-wide">
            <dt>Working directory</dt>
            <dd>
              <code>{text(extra.working_directory)}</code>
            </dd>
          </div>
        ) : null}
        <div className="fact-wide">
          <dt>Session id</dt>
          <dd>
            <code>{conversation.collector_session_id}</code>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="usage-heading" className="panel">
        <h2 id="usage-heading">Tokens and cost</h2>
        <TableScroll label="Tokens and cost">
          <table className="data-table compact usage-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                {tokens.map(([label]) => (
                  <th key={label} scope="col" className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <td className="num" data-testid="cost">
                  {formatCost(conversation.cost_usd)}
                </td>
                <td className="num" data-testid="tokens-total">
                  {formatInteger(conversation.total_tokens)}
                </td>
                {tokens.map(([label, value]) => (
                  <td key={label} className="num" data-testid={`tokens-${label}`}>
                    {formatInteger(value)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </TableScroll>
        {conversation.cost_usd === null ? (
          <p className="muted">
            The cost is unknown: a model of this session has no price in the price table.
          </p>
        ) : null}
      </section>

      <div className="detail-grid">
        <section aria-labelledby="files-heading" className="panel">
          <h2 id="files-heading">Files touched ({formatInteger(conversation.files_count)})</h2>
          {conversation.files_touched.length === 0 ? (
            <p className="muted">No files touched.</p>
          ) : (
            <TableScroll label="Files touched">
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Change</th>
                    <th scope="col" className="num">
                      Touches
                    </th>
                    <th scope="col" className="num">
                      Added
                    </th>
                    <th scope="col" className="num">
                      Deleted
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {conversation.files_touched.map((file, index) => (
                    <tr key={`${file.file_path}-${file.change_type}-${index}`}>
                      <td className="cell-path">
                        <code>{file.file_path}</code>
                      </td>
                      <td>{file.change_type}</td>
                      <td className="num">{formatInteger(file.touches)}</td>
                      {file.change_type === "read" ? (
                        <>
                          <td className="num muted">—</td>
                          <td className="num muted">—</td>
                        </>
                      ) : (
                        <>
                          <td className="num added">+{formatInteger(file.lines_added)}</td>
                          <td className="num deleted">−{formatInteger(file.lines_deleted)}</td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>

        <section aria-labelledby="children-heading" className="panel">
          <h2 id="children-heading">Sub-agents ({conversation.children.length})</h2>
          {conversation.children.length === 0 ? (
            <p className="muted">No sub-agents.</p>
          ) : (
            <ul className="tree">
              {conversation.children.map((child) => (
                <li key={child.id}>
                  <Link href={`/conversations/${child.id}`}>
                    {child.slug ?? `Session ${shortId(child.id)}`}
                  </Link>{" "}
                  <span className="muted">
                    {child.agent_type} · {formatInteger(child.message_count)} messages ·{" "}
                    {formatCost(child.cost_usd)} · started {formatShortTime(child.start_time)}
                  </span>{" "}
                  <SessionStatus conversation={child} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="epochs-heading" className="panel">
          <h2 id="epochs-heading">Context windows ({conversation.epochs.length})</h2>
          {conversation.epochs.length === 0 ? (
            <p className="muted">No context windows recorded.</p>
          ) : (
            <TableScroll label="Context windows">
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th scope="col">Epoch</th>
                    <th scope="col">From message</th>
                    <th scope="col">Started</th>
                    <th scope="col">Compaction</th>
                  </tr>
                </thead>
                <tbody>
                  {conversation.epochs.map((epoch, index) => (
                    <tr key={epoch.epoch_number}>
                      <td>{epoch.epoch_number}</td>
                      <td>#{epoch.start_sequence}</td>
                      <td>{formatShortTime(epoch.started_at)}</td>
                      <td>
                        {epoch.trigger ?? (index === 0 ? "session start" : "—")}
                        {epoch.pre_tokens !== null ? ` at ${formatInteger(epoch.pre_tokens)} tokens` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>

        <section aria-labelledby="tags-heading" className="panel">
          <h2 id="tags-heading">Tags</h2>
          <TagsPanel conversationId={conversation.id} tags={conversation.tags} canEdit={canEditTags} />
        </section>

        <section aria-labelledby="summaries-heading" className="panel">
          <h2 id="summaries-heading">Summaries</h2>
          <Summaries value={extra.summaries} />
        </section>

        <section aria-labelledby="share-heading" className="panel">
          <h2 id="share-heading">Share</h2>
          <SharePanel conversationId={conversation.id} canShare={canEditTags} isOwner={isOwner} />
        </section>

        <section aria-labelledby="plans-heading" className="panel">
          <h2 id="plans-heading">Plans</h2>
          <Plans value={extra.plans} />
        </section>
      </div>

      <Transcript conversation={conversation} />
    </article>
  );
}
