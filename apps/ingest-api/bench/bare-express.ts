// The baseline of `pnpm bench:api`: a bare Express app that parses the same JSON bodies and answers 202.
import { once } from "node:events";
import { type AddressInfo } from "node:net";
import express from "express";

async function main(): Promise<void> {
  const app = express();
  app.use(express.json({ limit: 5 * 1024 * 1024 }));
  app.post("/collectors/events", (req, res) => {
    const events = (req.body as { events?: unknown[] }).events ?? [];
    res.status(202).json({ accepted: events.length });
  });
  const server = app.listen(0);
  await once(server, "listening");
  console.log(
    JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
}

void main();
