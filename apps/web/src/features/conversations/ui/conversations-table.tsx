"use client";
// The list's table: main sessions with their sub-agents nested beneath (expand/collapse), one link per row that
// j/k move the focus between (so Enter opens the focused session, as any link does).
import Link from "next/link";
import { Fragment, useState } from "react";
import { type z } from "zod";
import {
  formatCost,
  formatInteger,
  formatShortTime,
  formatTime,
  formatTokens,
  shortId,
} from "../../../client/format";
import { type ConversationSummary, type conversationListItemSchema } from "../schemas";
import { SessionStatus } from "./session-status";
import { TableScroll } from "../../../client/table-scroll";

type ListItem = z.output<typeof conversationListItemSchema>;

const sessionTitle = (conversation: ConversationSummary) =>
  conversation.slug ?? `Session ${shortId(conversation.id)}`;

function Row({
  conversation,
  depth,
  toggle,
}: {
  conversation: ConversationSummary;
  depth: 0 | 1;
  toggle?: { expanded: boolean; count: number; onToggle: () => void };
}) {
  return (
    <tr className={depth === 1 ? "row-child" : undefined}>
      <td className="cell-session">
        <div className="session-cell">
          {depth === 1 ? (
            <span className="child-marker" aria-hidden="true">
              ↳
            </span>
          ) : null}
          <Link href={`/conversations/${conversation.id}`} data-row-link="" className="row-link">
            {sessionTitle(conversation)}
          </Link>
          {depth === 1 ? <span className="visually-hidden"> (sub-agent)</span> : null}
        </div>
        {toggle ? (
          <button
            type="button"
            className="toggle-children"
            aria-expanded={toggle.expanded}
            onClick={toggle.onToggle}
          >
            <span aria-hidden="true">{toggle.expanded ? "▾" : "▸"}</span> {toggle.count} sub-agent
            {toggle.count === 1 ? "" : "s"}
          </button>
        ) : null}
      </td>
      <td data-label="Started" title={formatTime(conversation.start_time)}>
        {formatShortTime(conversation.start_time)}
      </td>
      <td
        data-label="Last activity"
        className="cell-secondary"
        title={formatTime(conversation.last_activity_at)}
      >
        {formatShortTime(conversation.last_activity_at)}
      </td>
      <td data-label="Developer">{conversation.developer ?? <span className="muted">unknown</span>}</td>
      <td data-label="Project">{conversation.project_name ?? <span className="muted">none</span>}</td>
      <td data-label="Agent">{conversation.agent_type}</td>
      <td data-label="Branch" className="cell-branch">
        {conversation.git_branch ?? <span className="muted">—</span>}
      </td>
      <td data-label="Messages" className="num">
        {formatInteger(conversation.message_count)}
      </td>
      <td data-label="Tokens" className="num" title={`${formatInteger(conversation.total_tokens)} tokens`}>
        {formatTokens(conversation.total_tokens)}
      </td>
      <td data-label="Cost" className="num">
        {formatCost(conversation.cost_usd)}
      </td>
      <td className="cell-status">
        <SessionStatus conversation={conversation} />
      </td>
    </tr>
  );
}

export function ConversationsTable({ items, busy }: { items: ListItem[]; busy: boolean }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <TableScroll label="Sessions">
      <table className="data-table conversations-table" aria-busy={busy}>
        <caption className="visually-hidden">
          Sessions, most recent activity first; sub-agents are listed under their parent session.
        </caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Started</th>
            <th scope="col">Last activity</th>
            <th scope="col">Developer</th>
            <th scope="col">Project</th>
            <th scope="col">Agent</th>
            <th scope="col">Branch</th>
            <th scope="col" className="num">
              Messages
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const open = expanded.has(item.id);
            return (
              <Fragment key={item.id}>
                <Row
                  conversation={item}
                  depth={0}
                  toggle={
                    item.children.length > 0
                      ? { expanded: open, count: item.children.length, onToggle: () => toggle(item.id) }
                      : undefined
                  }
                />
                {open
                  ? item.children.map((child) => <Row key={child.id} conversation={child} depth={1} />)
                  : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
