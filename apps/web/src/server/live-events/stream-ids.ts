// Redis stream ids (`<ms>-<seq>`), which are also the SSE event ids a client resumes from.
export const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

export const isStreamId = (value: string) => STREAM_ID.test(value);

function parts(id: string): [bigint, bigint] {
  const [ms = "0", seq = "0"] = id.split("-");
  return [BigInt(ms), BigInt(seq)];
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
