// Prisma's schema engine compiled to WebAssembly: it does what `prisma migrate` does, without the native binary
// that cannot be downloaded here. It talks to Postgres through the same driver adapter as the client.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as WasmEngine from "@prisma/schema-engine-wasm";
import { Client, Pool, type PoolConfig, type QueryResult } from "pg";
import { poolConfigFromUrl } from "../connection-config";
import { quoteIdentifier } from "./database";

export type SchemaEngine = WasmEngine.SchemaEngine;
type EngineGlue = typeof WasmEngine & { __wbg_set_wasm(exports: WebAssembly.Exports): void };

let gluePromise: Promise<EngineGlue> | undefined;

/**
 * The package's entry imports its .wasm file as an ES module, which needs a Node flag on some versions.
 * Load the JavaScript glue and instantiate the WebAssembly ourselves instead (once per process).
 */
function loadGlue(): Promise<EngineGlue> {
  gluePromise ??= (async () => {
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineGlue;
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(glue as unknown as WebAssembly.ModuleImports),
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The engine's schema describer selects catalog columns of Postgres' one-byte "char" type (pg_class.relkind and
 * friends), which adapter-pg refuses as an unsupported column type. pg already returns their values as strings,
 * so this client reports them as text.
 */
class CatalogQueryClient extends Client {}
const baseQuery = Client.prototype.query as (...args: unknown[]) => unknown;

function reportCharAsText(result: QueryResult | undefined): void {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
}

CatalogQueryClient.prototype.query = function (this: Client, ...args: unknown[]) {
  // pg.Pool#query calls the client with a callback; direct callers get a promise.
  const last = args.at(-1);
  if (typeof last === "function") {
    args[args.length - 1] = (error: Error | null, result: QueryResult) => {
      if (!error) reportCharAsText(result);
      return (last as (error: Error | null, result: QueryResult) => void)(error, result);
    };
    return baseQuery.apply(this, args);
  }
  const result = baseQuery.apply(this, args);
  if (!(result instanceof Promise)) return result;
  return result.then((queryResult: QueryResult) => {
    reportCharAsText(queryResult);
    return queryResult;
  });
} as Client["query"];

function migrationPool(config: PoolConfig): Pool {
  return new Pool({ ...config, Client: CatalogQueryClient });
}

/**
 * PrismaPg's own shadow database is dropped while its pool still holds a connection, so the drop fails. This
 * factory closes the shadow pool first, then drops the database (forcibly, in case a connection lingers).
 */
class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly poolConfig: PoolConfig) {
    super(migrationPool(poolConfig), { disposeExternalPool: true });
  }

  private readonly openAdapters = new Set<{ dispose(): Promise<void> }>();

  override async connect() {
    const adapter = await super.connect();
    this.openAdapters.add(adapter);
    return adapter;
  }

  /** Closes every pool the engine opened; the engine itself never does, and its advisory lock lives on them. */
  async closeAll(): Promise<void> {
    const adapters = [...this.openAdapters];
    this.openAdapters.clear();
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }

  override async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.runOnServer(`CREATE DATABASE ${quoteIdentifier(database)}`);
    const shadowPool = migrationPool({ ...this.poolConfig, database });
    const adapter = await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect();
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      await this.runOnServer(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    };
    return adapter;
  }

  private async runOnServer(sql: string): Promise<void> {
    const client = new Client(this.poolConfig);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/**
 * The engine arms timers (lock and connection timeouts) that outlive a finished command and would keep a
 * short-lived process such as `pnpm db:migrate` alive for seconds; unref them.
 */
function withUnrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const patched: WebAssembly.ModuleImports = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof value === "function") {
      patched[name] = (...args: unknown[]) => {
        const timer = (value as (...args: unknown[]) => unknown)(...args);
        (timer as { unref?: () => void } | undefined)?.unref?.();
        return timer;
      };
    }
  }
  return patched;
}

export interface OpenSchemaEngineOptions {
  databaseUrl: string;
  /** Prisma schema files as [path, content]; needed by commands that read the datamodel. */
  datamodels?: [string, string][];
  onLog?: (line: string) => void;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its database connections. */
  close(): Promise<void>;
}

export async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<OpenSchemaEngine> {
  const glue = await loadGlue();
  const factory = new MigrationAdapterFactory(poolConfigFromUrl(options.databaseUrl, { max: 2 }));
  const log = options.onLog ?? (() => undefined);
  const engine = await glue.SchemaEngine.new(
    { datamodels: options.datamodels },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.closeAll();
    },
  };
}
