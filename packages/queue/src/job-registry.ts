// Which queue carries each job, and the schema of its payload: the one table the producer and the worker
// runtime both read, so a job can only be enqueued on, and handled from, its own queue.
import { type z } from "zod";

import { completeSessionJobSchema } from "./jobs/complete-session";
import { ingestBatchJobSchema } from "./jobs/ingest-batch";
import { sweepIdleSessionsJobSchema } from "./jobs/sweep-idle-sessions";
import { tagConversationJobSchema } from "./jobs/tag-conversation";
import { JOB_NAMES, type JobName, QUEUE_NAMES, type QueueName } from "./names";

export const JOB_DEFINITIONS = {
  [JOB_NAMES.ingestBatch]: { queue: QUEUE_NAMES.ingest, schema: ingestBatchJobSchema },
  [JOB_NAMES.completeSession]: { queue: QUEUE_NAMES.ingest, schema: completeSessionJobSchema },
  [JOB_NAMES.tagConversation]: { queue: QUEUE_NAMES.tagging, schema: tagConversationJobSchema },
  [JOB_NAMES.sweepIdleSessions]: { queue: QUEUE_NAMES.maintenance, schema: sweepIdleSessionsJobSchema },
} as const satisfies Record<JobName, { queue: QueueName; schema: z.ZodType }>;

type Definitions = typeof JOB_DEFINITIONS;

/** Parsed payload of a job, as its handler receives it. */
export type JobPayload<N extends JobName> = z.output<Definitions[N]["schema"]>;
/** Payload of a job as a producer may pass it. */
export type JobPayloadInput<N extends JobName> = z.input<Definitions[N]["schema"]>;

/** The job names a queue carries. */
export type QueueJobName<Q extends QueueName> = {
  [N in JobName]: Definitions[N]["queue"] extends Q ? N : never;
}[JobName];

const ALL_JOB_NAMES = Object.keys(JOB_DEFINITIONS) as JobName[];

export function jobNamesOf<Q extends QueueName>(queue: Q): QueueJobName<Q>[] {
  return ALL_JOB_NAMES.filter((name): name is QueueJobName<Q> => JOB_DEFINITIONS[name].queue === queue);
}

export function isJobNameOf<Q extends QueueName>(queue: Q, name: string): name is QueueJobName<Q> {
  return (jobNamesOf(queue) as string[]).includes(name);
}
