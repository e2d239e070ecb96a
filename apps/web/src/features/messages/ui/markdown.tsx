// A minimal markdown renderer for transcript text that builds React elements only: no HTML string is ever made,
// so a message's `<script>` or `<img onerror>` is shown as text (React escapes it). Supports what agents write
// most (snake_case identifiers are not emphasis): fenced code, headings, lists, quotes, paragraphs, inline code, bold, italic and http(s) links.
import { Fragment, type ReactNode } from "react";

const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*|(?<!\w)_[^_\n]+_(?!\w))|(\[[^\]\n]+\]\([^)\s]+\))/g;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index;
    if (index > last) out.push(text.slice(last, index));
    const token = match[0];
    const key = `${index}`;
    if (match[1]) out.push(<code key={key}>{token.slice(1, -1)}</code>);
    else if (match[2]) out.push(<strong key={key}>{token.slice(2, -2)}</strong>);
    else if (match[3]) out.push(<em key={key}>{token.slice(1, -1)}</em>);
    else {
      const link = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(token);
      const href = link?.[2] ?? "";
      // Only web links: a javascript: or data: URL stays text.
      out.push(
        /^https?:\/\//i.test(href) ? (
          <a key={key} href={href} rel="noopener noreferrer nofollow" target="_blank">
            {link?.[1]}
          </a>
        ) : (
          token
        ),
      );
    }
    last = index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block =
  | { kind: "code"; lang: string; text: string }
  | { kind: "heading"; level: number; text: string }
  | { kind: "list"; ordered: boolean; items: string[] }
  | { kind: "quote"; text: string }
  | { kind: "paragraph"; text: string };

function blocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const result: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) result.push({ kind: "paragraph", text: paragraph.join("\n") });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? "```";
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? "").trimStart().startsWith(marker))
        body.push(lines[i++] ?? "");
      result.push({ kind: "code", lang: fence[2] ?? "", text: body.join("\n") });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      result.push({ kind: "heading", level: heading[1]?.length ?? 1, text: heading[2] ?? "" });
      continue;
    }
    const bullet = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (bullet) {
      flush();
      const ordered = /\d/.test(bullet[1] ?? "");
      const previous = result.at(-1);
      if (previous?.kind === "list" && previous.ordered === ordered) previous.items.push(bullet[2] ?? "");
      else result.push({ kind: "list", ordered, items: [bullet[2] ?? ""] });
      continue;
    }
    if (line.startsWith(">")) {
      flush();
      const previous = result.at(-1);
      const text = line.replace(/^>\s?/, "");
      if (previous?.kind === "quote") previous.text += `\n${text}`;
      else result.push({ kind: "quote", text });
      continue;
    }
    if (line.trim() === "") flush();
    else paragraph.push(line);
  }
  flush();
  return result;
}

/** Headings inside a message are shown as bold paragraphs: the page's own h1-h3 outline stays intact. */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      {blocks(source).map((block, index) => {
        switch (block.kind) {
          case "code":
            return (
              <pre key={index} className="code-block" data-lang={block.lang || undefined}>
                <code>{block.text}</code>
              </pre>
            );
          case "heading":
            return (
              <p key={index} className={`md-heading md-h${block.level}`}>
                <strong>{inline(block.text)}</strong>
              </p>
            );
          case "list": {
            const items = block.items.map((item, n) => <li key={n}>{inline(item)}</li>);
            return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
          }
          case "quote":
            return <blockquote key={index}>{inline(block.text)}</blockquote>;
          default:
            return (
              <p key={index}>
                {block.text.split("\n").map((part, n) => (
                  <Fragment key={n}>
                    {n > 0 ? <br /> : null}
                    {inline(part)}
                  </Fragment>
                ))}
              </p>
            );
        }
      })}
    </div>
  );
}
