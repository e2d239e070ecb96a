// Summaries and plans as the collectors sent them (DESIGN §2: objects kept whole): a known field is shown as text,
// anything else as JSON, never guessed at.
import { TextDiff } from "../../messages/ui/diff-view";

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
const text = (value: unknown) => (typeof value === "string" ? value : undefined);

export function Summaries({ value }: { value: unknown }) {
  const summaries = asList(value);
  if (summaries.length === 0) return <p className="muted">No summaries.</p>;
  return (
    <ul className="plain-list">
      {summaries.map((summary, index) => {
        const record = asRecord(summary);
        const body = text(summary) ?? text(record?.summary) ?? text(record?.text);
        return <li key={index}>{body ?? <pre className="json">{JSON.stringify(summary, null, 2)}</pre>}</li>;
      })}
    </ul>
  );
}

export function Plans({ value }: { value: unknown }) {
  const plans = asList(value);
  if (plans.length === 0) return <p className="muted">No plans.</p>;
  return (
    <ul className="plain-list">
      {plans.map((plan, index) => {
        const record = asRecord(plan);
        const path = text(record?.plan_file_path);
        const status = text(record?.status);
        const iterations = typeof record?.iteration_count === "number" ? record.iteration_count : undefined;
        const initial = text(record?.initial_content);
        const final = text(record?.final_content);
        const content = final ?? initial ?? text(plan);
        return (
          <li key={index}>
            <details>
              <summary>
                {path ?? `Plan ${index + 1}`}
                {status ? ` · ${status}` : ""}
                {iterations !== undefined ? ` · ${iterations} iteration${iterations === 1 ? "" : "s"}` : ""}
              </summary>
              {content ? (
                <pre className="plan-text">{content}</pre>
              ) : (
                <pre className="json">{JSON.stringify(plan, null, 2)}</pre>
              )}
              {initial !== undefined && final !== undefined && initial !== final ? (
                <details className="plan-changes">
                  <summary>Changes from the first version</summary>
                  <TextDiff before={initial} after={final} label={`${path ?? "Plan"}: first → final`} />
                </details>
              ) : null}
            </details>
          </li>
        );
      })}
    </ul>
  );
}
