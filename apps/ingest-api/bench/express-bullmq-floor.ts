// The floor of `pnpm bench:api`: the bare Express app plus the one thing the contract cannot drop, a durable
// BullMQ job per batch holding its events (202 only once it is added). No auth, validation, sequencing, rate
// limiting or access log: no implementation of the ingest API can accept batches faster than this on the machine.
import { once } from "node:events";
import { type AddressInfo } from "node:net";
import { Queue } from "bullmq";
import express from "express";

async function main(): Promise<void> {
  const queue = new Queue("ingest", {
    // The bench's own Redis URL and key prefix (the environment is this benchmark's, not an app's).
    connection: { url: process.env.REDIS_URL },
    prefix: process.env.REDIS_KEY_PREFIX,
  });
  let batches = 0;
  const app = express();
  app.use(express.json({ limit: 5 * 1024 * 1024 }));
  app.post("/collectors/events", async (req, res) => {
    const body = req.body as { session_id?: string; events?: unknown[] };
    const events = body.events ?? [];
    batches += 1;
    await queue.add("ingest-batch", { session_id: body.session_id, events }, { jobId: `floor-${batches}` });
    res.status(202).json({ accepted: events.length });
  });
  const server = app.listen(0);
  await once(server, "listening");
  console.log(
    JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
  process.once("SIGTERM", () => server.close(() => void queue.close().then(() => process.exit(0))));
}

void main();
