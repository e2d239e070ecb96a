// One transcript entry: a prompt, a response (markdown, with model, tokens and cost), thinking (collapsed), a tool
// call with its result (collapsed when long; edits as diffs), an error (marked by the word and a sign, not only
// colour), or a summary/context/plan note. Rewound entries and sub-agent calls say so.
import Link from "next/link";
import { formatCost, formatInteger, formatShortTime } from "../../../client/format";
import type { MessageItem } from "../schemas";
import { EditDiff, isEditTool } from "./diff-view";
import { Markdown } from "./markdown";

/** Longer text than this is cut to keep one entry cheap to render; the rest is one click away. */
const SHOWN_CHARACTERS = 20_000;
const LONG_RESULT = 600;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const num = (value: unknown) => (typeof value === "number" ? value : 0);
const asText = (value: unknown): string =>
  typeof value === "string"
    ? value
    : value === undefined || value === null
      ? ""
      : JSON.stringify(value, null, 2);

export interface SubAgentLink {
  id: string;
  label: string;
}

const ROLE_LABEL: Record<MessageItem["message_type"], string> = {
  prompt: "Prompt",
  response: "Response",
  tool_call: "Tool call",
  tool_result: "Tool result",
  thinking: "Thinking",
  error: "Error",
  summary: "Summary",
  context: "Context",
  plan: "Plan",
};

function LongText({ text, markdown }: { text: string; markdown: boolean }) {
  const shown = text.length > SHOWN_CHARACTERS ? text.slice(0, SHOWN_CHARACTERS) : text;
  const body = markdown ? <Markdown source={shown} /> : <pre className="tool-output">{shown}</pre>;
  if (shown === text) return body;
  return (
    <>
      {body}
      <details>
        <summary>Show the other {formatInteger(text.length - SHOWN_CHARACTERS)} characters</summary>
        <pre className="tool-output">{text.slice(SHOWN_CHARACTERS)}</pre>
      </details>
    </>
  );
}

function Usage({ message }: { message: MessageItem }) {
  const extra = message.extra_data;
  const model = typeof extra.model === "string" ? extra.model : undefined;
  const usage = record(extra.token_usage);
  const hasUsage = Object.keys(usage).length > 0;
  if (!model && !hasUsage && message.cost_usd === null) return null;
  return (
    <p className="message-usage muted">
      {model ? <span>{model}</span> : null}
      {hasUsage ? (
        <span>
          {formatInteger(num(usage.input_tokens))} in · {formatInteger(num(usage.output_tokens))} out ·{" "}
          {formatInteger(num(usage.cache_read_tokens))} cache read ·{" "}
          {formatInteger(num(usage.cache_creation_tokens))} cache write
        </span>
      ) : null}
      {hasUsage || message.cost_usd !== null ? <span>{formatCost(message.cost_usd)}</span> : null}
    </p>
  );
}

function ToolCall({
  call,
  subAgent,
}: {
  call: MessageItem["tool_calls"][number];
  subAgent: SubAgentLink | undefined;
}) {
  const failed = call.success === false;
  const hasResult = call.result !== undefined;
  const result = asText(call.result);
  const params = asText(call.parameters);
  const diff = isEditTool(call.tool_name) ? (
    <EditDiff toolName={call.tool_name} parameters={call.parameters} />
  ) : null;
  return (
    <div className={`tool-call${failed ? " failed" : ""}`}>
      <p className="tool-name">
        <code>{call.tool_name ?? "unknown tool"}</code>
        {failed ? <span className="badge-bad">✕ Failed</span> : null}
        {subAgent ? (
          <>
            {" "}
            <Link href={`/conversations/${subAgent.id}`}>Sub-agent session: {subAgent.label}</Link>
          </>
        ) : null}
      </p>
      {diff ?? (
        <details open={params.length <= LONG_RESULT}>
          <summary>Parameters</summary>
          <pre className="tool-output">{params.slice(0, SHOWN_CHARACTERS)}</pre>
        </details>
      )}
      {hasResult ? (
        <details open={result.length <= LONG_RESULT} className="tool-result">
          <summary>
            {failed ? "Result (error)" : "Result"} · {formatInteger(result.length)} characters
          </summary>
          <LongText text={result} markdown={false} />
        </details>
      ) : (
        <p className="muted">No result recorded.</p>
      )}
    </div>
  );
}

export function MessageEntry({
  message,
  rewound,
  subAgentFor,
}: {
  message: MessageItem;
  rewound: boolean;
  subAgentFor: (message: MessageItem) => SubAgentLink | undefined;
}) {
  const type = message.message_type;
  const isError = type === "error" || message.tool_calls.some((call) => call.success === false);
  const thinking =
    typeof message.extra_data.thinking_content === "string" ? message.extra_data.thinking_content : "";
  return (
    <div
      className={`message message-${type}${isError ? " message-error" : ""}${rewound ? " rewound" : ""}`}
      data-message-type={type}
      data-sequence={message.sequence}
    >
      <p className="message-head">
        <a className="message-anchor" href={`#seq-${message.sequence}`}>
          #{message.sequence}
        </a>{" "}
        <strong>
          {type === "error" ? "⚠ " : ""}
          {ROLE_LABEL[type]}
        </strong>{" "}
        <span className="muted">
          {message.role} · {formatShortTime(message.emitted_at)}
        </span>
        {rewound ? <span className="badge-muted">↶ Rewound</span> : null}
      </p>
      {type === "thinking" ? (
        <details>
          <summary>Thinking · {formatInteger(message.content.length)} characters</summary>
          <LongText text={message.content} markdown={false} />
        </details>
      ) : type === "tool_call" || (type === "tool_result" && message.tool_calls.length > 0) ? (
        message.tool_calls.map((call, index) => (
          <ToolCall key={call.tool_use_id ?? index} call={call} subAgent={subAgentFor(message)} />
        ))
      ) : type === "tool_result" ? (
        <LongText text={message.content} markdown={false} />
      ) : message.content ? (
        <LongText
          text={message.content}
          markdown={type === "prompt" || type === "response" || type === "summary"}
        />
      ) : null}
      {thinking ? (
        <details>
          <summary>Thinking · {formatInteger(thinking.length)} characters</summary>
          <pre className="tool-output">{thinking.slice(0, SHOWN_CHARACTERS)}</pre>
        </details>
      ) : null}
      {type === "response" ? <Usage message={message} /> : null}
    </div>
  );
}
