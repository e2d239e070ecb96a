import { type DestinationStream, type LevelWithSilent, type Logger, pino, stdSerializers } from "pino";
import { prettyStream } from "./pretty";
import { CENSOR, redactPaths, redactSecretsInString } from "./redact";

export interface CreateLoggerOptions {
  /** Service or component name, written on every line. */
  name: string;
  /** Defaults to "info"; pass LOG_LEVEL from @catsyphon/config. */
  level?: LevelWithSilent;
  /** Human-readable lines instead of JSON (local development). */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

export function createLogger({
  name,
  level = "info",
  pretty = false,
  destination,
}: CreateLoggerOptions): Logger {
  const out = destination ?? pino.destination(1);
  return pino(
    {
      name,
      level,
      // Known secret fields, by key.
      redact: { paths: [...redactPaths], censor: CENSOR },
      serializers: { err: stdSerializers.err, error: stdSerializers.err },
      hooks: {
        // Secrets inside free text (messages, error messages and stacks echoing a connection URL or a key), scrubbed
        // on the finished line so every field is covered, including the msg pino copies from an error.
        streamWrite: redactSecretsInString,
      },
    },
    pretty ? prettyStream(out) : out,
  );
}
