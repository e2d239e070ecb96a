"use client";
// The ingestion page (decision 0038's reads): collectors with last seen and health, the queues' depth, parked
// batches with re-drive (admins only: members and viewers get no button, and the API refuses them anyway), and the
// jobs filtered by status (in the URL).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { type z } from "zod";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { type FirstRender } from "../../../client/first-render";
import { formatInteger, formatShortTime, formatTime, shortId } from "../../../client/format";
import { pageFromParams } from "../../../client/page-param";
import { Pager, pushParam } from "../../../client/pager";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { TableScroll } from "../../../client/table-scroll";
import { useApiQuery } from "../../../client/use-api-query";
import { PARKED_QUERY } from "../page-queries";
import {
  collectorHealthListSchema,
  INGESTION_JOB_STATUSES,
  ingestionJobListSchema,
  ingestionJobSchema,
  queueDepthsSchema,
} from "../schemas";
import { HealthWord } from "./health-word";

type JobList = z.output<typeof ingestionJobListSchema>;
type Job = z.output<typeof ingestionJobSchema>;

const STATUS_LABEL: Record<Job["status"], string> = {
  queued: "◷ Queued",
  processing: "▶ Processing",
  succeeded: "✓ Applied",
  failed: "✕ Parked",
};

function jobsQuery(status: string | undefined, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  return params.toString();
}

const sequences = (job: Job) =>
  job.first_sequence === null ? "—" : `${job.first_sequence}–${job.last_sequence ?? job.first_sequence}`;

export function IngestionView({
  canManage,
  initialCollectors,
  initialQueues,
  initialParked,
  initialJobs,
}: {
  canManage: boolean;
  initialCollectors: FirstRender<z.output<typeof collectorHealthListSchema>>;
  initialQueues: FirstRender<z.output<typeof queueDepthsSchema>>;
  initialParked: FirstRender<JobList>;
  initialJobs: FirstRender<JobList>;
}) {
  const searchParams = useSearchParams();
  const status = searchParams.get("status") ?? undefined;
  const page = pageFromParams(searchParams);
  const queryClient = useQueryClient();
  const collectors = useApiQuery({
    key: [QUERY_ROOTS.ingestion, "collectors"],
    path: "/api/v1/ingestion/collectors",
    queryString: "",
    schema: collectorHealthListSchema,
    initial: initialCollectors,
  });
  const queues = useApiQuery({
    key: [QUERY_ROOTS.ingestion, "queues"],
    path: "/api/v1/ingestion/queues",
    queryString: "",
    schema: queueDepthsSchema,
    initial: initialQueues,
  });
  const parked = useApiQuery({
    key: [QUERY_ROOTS.ingestion, "jobs"],
    path: "/api/v1/ingestion/jobs",
    queryString: PARKED_QUERY,
    schema: ingestionJobListSchema,
    initial: initialParked,
  });
  const jobs = useApiQuery({
    key: [QUERY_ROOTS.ingestion, "jobs"],
    path: "/api/v1/ingestion/jobs",
    queryString: jobsQuery(status, page),
    schema: ingestionJobListSchema,
    initial: initialJobs,
  });
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string }>();
  const retry = useMutation({
    mutationFn: (id: string) =>
      apiRequest(`/api/v1/ingestion/jobs/${id}/retry`, ingestionJobSchema, { method: "POST" }),
    onSuccess: (job) =>
      setNotice({ kind: "ok", text: `Batch ${sequences(job)} re-queued; it is applied again shortly.` }),
    onError: (error) => setNotice({ kind: "error", text: `Not re-driven: ${errorMessage(error)}` }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [QUERY_ROOTS.ingestion] }),
  });
  const collectorName = (id: string | null) =>
    (id && collectors.data?.items.find((collector) => collector.id === id)?.name) ?? (id ? shortId(id) : "—");

  return (
    <>
      <section className="panel" aria-labelledby="collectors-heading">
        <h2 id="collectors-heading">Collectors</h2>
        {collectors.error ? (
          <p role="alert" className="error">
            {errorMessage(collectors.error)}
          </p>
        ) : collectors.data && collectors.data.items.length === 0 ? (
          <p className="muted">
            No collector yet. Create one in <Link href="/settings/collectors">Settings → Collectors</Link> or
            run <code>pnpm catsyphon login</code> on a developer machine.
          </p>
        ) : collectors.data ? (
          <TableScroll label="Collectors">
            <table className="data-table compact" data-testid="collector-health">
              <thead>
                <tr>
                  <th scope="col">Collector</th>
                  <th scope="col">Health</th>
                  <th scope="col">Last seen</th>
                  <th scope="col" className="num">
                    Events today (UTC)
                  </th>
                  <th scope="col" className="num">
                    Batches 24 h
                  </th>
                  <th scope="col" className="num">
                    Parked
                  </th>
                  <th scope="col">Kind</th>
                  <th scope="col">Host</th>
                  <th scope="col">Key</th>
                </tr>
              </thead>
              <tbody>
                {collectors.data.items.map((collector) => (
                  <tr key={collector.id}>
                    <th scope="row" className="row-head">
                      {collector.name}
                      {collector.is_builtin ? <span className="muted"> (built-in)</span> : null}
                    </th>
                    <td>
                      <HealthWord health={collector.health} />
                    </td>
                    <td title={formatTime(collector.last_seen_at)}>
                      {collector.last_seen_at ? formatShortTime(collector.last_seen_at) : "never"}
                    </td>
                    <td className="num">{formatInteger(collector.today.events)}</td>
                    <td className="num">{formatInteger(collector.last_24h.batches)}</td>
                    <td className="num">{formatInteger(collector.parked)}</td>
                    <td>
                      {collector.kind} {collector.version}
                    </td>
                    <td>{collector.hostname ?? <span className="muted">—</span>}</td>
                    <td>
                      <code>{collector.api_key_prefix}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="queues-heading">
        <h2 id="queues-heading">Queues</h2>
        {queues.error ? (
          <p role="alert" className="error">
            {errorMessage(queues.error)}
          </p>
        ) : queues.data ? (
          <>
            <TableScroll label="Queue depths">
              <table className="data-table compact" data-testid="queue-depths">
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col" className="num">
                      Waiting
                    </th>
                    <th scope="col" className="num">
                      Active
                    </th>
                    <th scope="col" className="num">
                      Retrying later
                    </th>
                    <th scope="col" className="num">
                      Parked
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {queues.data.items.map((queue) => (
                    <tr key={queue.name}>
                      <th scope="row" className="row-head">
                        {queue.name}
                      </th>
                      <td className="num">{formatInteger(queue.waiting)}</td>
                      <td className="num">{formatInteger(queue.active)}</td>
                      <td className="num">{formatInteger(queue.delayed)}</td>
                      <td className="num">{formatInteger(queue.failed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <p className="muted small">
              Queues are shared by every workspace of this deployment. This workspace has{" "}
              {formatInteger(queues.data.workspace_parked)} parked batch
              {queues.data.workspace_parked === 1 ? "" : "es"}.
            </p>
          </>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="parked-heading">
        <h2 id="parked-heading">
          Parked batches{parked.data ? ` (${formatInteger(parked.data.total)})` : ""}
        </h2>
        <p className="muted small">
          A batch is parked when the database refuses a value it holds (retrying would fail the same way). Fix
          the cause, then re-drive it{canManage ? "" : " (admins and owners can)"}.
        </p>
        {notice ? (
          <p
            role={notice.kind === "error" ? "alert" : "status"}
            className={notice.kind === "error" ? "error" : ""}
          >
            {notice.text}
          </p>
        ) : null}
        {parked.error ? (
          <p role="alert" className="error">
            {errorMessage(parked.error)}
          </p>
        ) : parked.data && parked.data.items.length === 0 ? (
          <p data-testid="no-parked">No parked batch.</p>
        ) : parked.data ? (
          <TableScroll label="Parked batches">
            <table className="data-table compact" data-testid="parked-batches">
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Collector</th>
                  <th scope="col">Session</th>
                  <th scope="col">Events</th>
                  <th scope="col">Why</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {parked.data.items.map((job) => (
                  <tr key={job.id}>
                    <td title={formatTime(job.received_at)}>{formatShortTime(job.received_at)}</td>
                    <td>{collectorName(job.collector_id)}</td>
                    <td>
                      {job.conversation_id ? (
                        <Link href={`/conversations/${job.conversation_id}`}>
                          {shortId(job.conversation_id)}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{sequences(job)}</td>
                    <td className="cell-error">{job.error ?? "—"}</td>
                    {canManage ? (
                      <td>
                        <button
                          type="button"
                          className="button-quiet"
                          disabled={retry.isPending}
                          onClick={() => {
                            setNotice(undefined);
                            retry.mutate(job.id);
                          }}
                        >
                          Re-drive<span className="visually-hidden"> batch {sequences(job)}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="jobs-heading">
        <div className="chart-head">
          <h2 id="jobs-heading">Batches{jobs.data ? ` (${formatInteger(jobs.data.total)})` : ""}</h2>
          <label className="field">
            <span>Status</span>
            <select
              value={status ?? ""}
              onChange={(event) => {
                const params = new URLSearchParams();
                if (event.target.value) params.set("status", event.target.value);
                const query = params.toString();
                window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
              }}
            >
              <option value="">Any status</option>
              {INGESTION_JOB_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {STATUS_LABEL[value]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {jobs.error ? (
          <p role="alert" className="error">
            {errorMessage(jobs.error)}
          </p>
        ) : jobs.data && jobs.data.items.length === 0 ? (
          <p className="muted">No batch{status ? " with this status" : " yet"}.</p>
        ) : jobs.data ? (
          <>
            <TableScroll label="Batches">
              <table className="data-table compact" data-testid="jobs" aria-busy={jobs.isFetching}>
                <thead>
                  <tr>
                    <th scope="col">Received</th>
                    <th scope="col">Status</th>
                    <th scope="col">Collector</th>
                    <th scope="col">Session</th>
                    <th scope="col">Sequences</th>
                    <th scope="col" className="num">
                      Events
                    </th>
                    <th scope="col" className="num">
                      Duplicates
                    </th>
                    <th scope="col" className="num">
                      Messages
                    </th>
                    <th scope="col" className="num">
                      Wait
                    </th>
                    <th scope="col" className="num">
                      Write
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {jobs.data.items.map((job) => (
                    <tr key={job.id}>
                      <td title={formatTime(job.received_at)}>{formatShortTime(job.received_at)}</td>
                      <td className={`job-${job.status}`}>{STATUS_LABEL[job.status]}</td>
                      <td>{collectorName(job.collector_id)}</td>
                      <td>
                        {job.conversation_id ? (
                          <Link href={`/conversations/${job.conversation_id}`}>
                            {shortId(job.conversation_id)}
                          </Link>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td>{sequences(job)}</td>
                      <td className="num">{formatInteger(job.events_accepted)}</td>
                      <td className="num">{formatInteger(job.duplicates)}</td>
                      <td className="num">{formatInteger(job.messages_written)}</td>
                      <td className="num">{job.queue_wait_ms === null ? "—" : `${job.queue_wait_ms} ms`}</td>
                      <td className="num">{job.processing_ms === null ? "—" : `${job.processing_ms} ms`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pager
              page={jobs.data.page}
              pages={jobs.data.pages}
              label="Batch pages"
              onPage={(next) => pushParam("page", next > 1 ? String(next) : undefined)}
            />
          </>
        ) : null}
      </section>
    </>
  );
}
