// Signs of frustration in what the user typed: phrases, shouting, repeated punctuation.
const MARKERS: readonly { marker: string; pattern: RegExp }[] = [
  { marker: "profanity", pattern: /\b(?:wtf|ffs|damn(?:it)?|fuck\w*|shit\w*|crap)\b/i },
  { marker: "still_broken", pattern: /\bstill (?:not|doesn'?t|isn'?t|broken|failing|wrong|the same)\b/i },
  { marker: "not_working", pattern: /\b(?:not|doesn'?t|isn'?t) work(?:ing)?\b/i },
  { marker: "again", pattern: /\b(?:wrong|broke(?:n)?|failed|failing) again\b|\bagain\?/i },
  { marker: "you_broke", pattern: /\byou (?:broke|deleted|removed|ignored|keep|didn'?t (?:listen|read))\b/i },
  { marker: "why_did_you", pattern: /\bwhy (?:did|would|are) you\b/i },
  { marker: "insult", pattern: /\b(?:stupid|useless|idiot\w*|terrible|garbage|ridiculous)\b/i },
  { marker: "stop", pattern: /^\s*(?:stop|no+)\b[.!]*/i },
  { marker: "repeated_punctuation", pattern: /[!?]{3,}/ },
  { marker: "shouting", pattern: /\b[A-Z]{4,}(?:\s+[A-Z]{2,}){2,}\b/ },
];

/** The markers found in one message of the user. */
export function frustrationMarkersIn(text: string): string[] {
  const sample = text.slice(0, 4_000);
  return MARKERS.filter(({ pattern }) => pattern.test(sample)).map(({ marker }) => marker);
}
