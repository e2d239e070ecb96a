import { describe, expect, it } from "@jest/globals";

import { protocolJsonSchemas, protocolSchemas } from "./json-schema";

const names = Object.keys(protocolSchemas);

describe("protocolJsonSchemas", () => {
  it("converts every named schema to a self-contained JSON Schema object", () => {
    const schemas = protocolJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual([...names].sort());
    for (const name of names) {
      const schema = schemas[name];
      expect(typeof schema).toBe("object");
      expect(JSON.stringify(schema)).not.toMatch(/#\/components\//);
    }
  });

  it("describes the wire input: agent_type is any string, data objects are open", () => {
    const start = protocolJsonSchemas().SessionStartEvent;
    expect(start).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["sequence", "type", "emitted_at", "observed_at", "data"]),
      properties: {
        type: { const: "session_start" },
        data: {
          required: ["agent_type", "agent_version"],
          properties: { agent_type: { type: "string" } },
          additionalProperties: {},
        },
      },
    });
  });

  it("with a uri, references shared shapes by name (for OpenAPI components)", () => {
    const schemas = protocolJsonSchemas({ uri: (name) => `#/components/schemas/${name}` });
    expect(Object.keys(schemas).sort()).toEqual([...names, "JsonValue"].sort());
    expect(schemas.EventBatch).toMatchObject({
      properties: { events: { items: { $ref: "#/components/schemas/BatchEvent" } } },
    });
    for (const schema of Object.values(schemas)) expect(schema).not.toHaveProperty("$id");
  });

  it("supports the OpenAPI 3.0 target", () => {
    const schemas = protocolJsonSchemas({ target: "openapi-3.0" });
    expect(Object.keys(schemas)).toHaveLength(names.length);
  });
});
