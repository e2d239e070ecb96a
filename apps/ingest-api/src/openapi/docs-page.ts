// A readable, self-contained page of the API (no scripts, no external assets), rendered from the OpenAPI document.

interface Operation {
  summary?: string;
  security?: Record<string, unknown>[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }
  >;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const schemaName = (ref: string | undefined) => ref?.replace("#/components/schemas/", "");

function schemaLink(ref: string | undefined): string {
  const name = schemaName(ref);
  return name ? `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>` : "";
}

export function docsPage(document: Record<string, unknown>): string {
  const info = document.info as { title: string; description: string; version: string };
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;

  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const auth = op.security?.map((s) => Object.keys(s).join(" + ")).join(" or ") ?? "none";
      const body = schemaLink(op.requestBody?.content?.["application/json"]?.schema?.$ref);
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            `<tr><td>${status}</td><td>${escapeHtml(r.description ?? "")}</td><td>${schemaLink(r.content?.["application/json"]?.schema?.$ref)}</td></tr>`,
        )
        .join("");
      return `<section><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? "")}</p><p>Auth: ${escapeHtml(auth)}${body ? ` · Body: ${body}` : ""}</p>
<table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>${responses}</table></section>`;
    }),
  );
  const schemaSections = Object.entries(schemas).map(
    ([name, schema]) =>
      `<details id="schema-${escapeHtml(name)}"><summary>${escapeHtml(name)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
  );

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.75rem;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
section{margin-bottom:1.5rem}</style></head><body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Endpoints</h2>${operations.join("\n")}<h2>Schemas</h2>${schemaSections.join("\n")}</body></html>`;
}
