// The README of a published package: the workspace package's README without the parts that speak of this
// repository (how its tests run, where its sources are), which are marked in the Markdown with
// <!-- workspace-only --> ... <!-- /workspace-only --> (HTML comments: invisible where the README is rendered).
const OPEN = "<!-- workspace-only -->";
const CLOSE = "<!-- /workspace-only -->";

export function publishedReadme(markdown: string): string {
  let out = "";
  let rest = markdown;
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open < 0) break;
    const close = rest.indexOf(CLOSE, open);
    if (close < 0) throw new Error(`README: ${OPEN} without ${CLOSE}`);
    out += rest.slice(0, open);
    rest = rest.slice(close + CLOSE.length).replace(/^\n/, "");
  }
  if (rest.includes(CLOSE)) throw new Error(`README: ${CLOSE} without ${OPEN}`);
  return (out + rest).replace(/\n{3,}/g, "\n\n");
}
