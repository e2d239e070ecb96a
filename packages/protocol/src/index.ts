// @catsyphon/protocol: the wire format of the collector protocol (DESIGN §2). Schemas, inferred types and
// pure helpers only; no I/O.
export * from "./agent-type";
export * from "./api-key";
export * from "./batch";
export * from "./errors";
export * from "./events";
export * from "./examples";
export * from "./json-schema";
export * from "./limits";
export * from "./primitives";
export * from "./responses";
export * from "./sequencing";
export * from "./tags";
