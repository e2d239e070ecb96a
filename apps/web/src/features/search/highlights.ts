// Snippet highlighting in plain offsets: the client marks the ranges itself, so nothing in a message can become
// markup.

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** [start, end) ranges of every case-insensitive occurrence of any term in `snippet`, merged and sorted. */
export function highlightRanges(snippet: string, terms: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const term of terms) {
    for (const match of snippet.matchAll(new RegExp(escapeRegExp(term), "giu"))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
