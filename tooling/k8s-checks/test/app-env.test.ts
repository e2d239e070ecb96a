// The environment each container gets is one its app accepts: every variable is one the app reads (a misspelled
// name would be ignored silently), the values of the ConfigMap and the literals pass the app's own zod schema, and
// secrets come only from the Secret, never from the ConfigMap or a literal.
import path from "node:path";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import {
  type EnvSource,
  ingestApiEnvSchema,
  ingestWorkerEnvSchema,
  isSecretEnvName,
  loadIngestApiEnv,
  loadIngestWorkerEnv,
  loadMigrateEnv,
  loadTaggerEnv,
  loadWebEnv,
  migrateEnvSchema,
  taggerEnvSchema,
  webEnvSchema,
} from "@catsyphon/config";
import { repoRoot } from "@catsyphon/testing";
import { type IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { type IJob } from "kubernetes-models/batch/v1/Job";
import { type IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { type IContainer } from "kubernetes-models/v1/Container";
import { renderOverlay } from "../src";

interface AppEnv {
  variables: readonly string[];
  load(source: EnvSource): unknown;
}

const app = (schema: { shape: object }, load: (source: EnvSource) => unknown): AppEnv => ({
  variables: Object.keys(schema.shape),
  load,
});

/** Which app's configuration each container name carries. */
const APP_ENV_BY_CONTAINER: Record<string, AppEnv> = {
  "ingest-api": app(ingestApiEnvSchema, loadIngestApiEnv),
  "ingest-worker": app(ingestWorkerEnvSchema, loadIngestWorkerEnv),
  tagger: app(taggerEnvSchema, loadTaggerEnv),
  web: app(webEnvSchema, loadWebEnv),
  migrate: app(migrateEnvSchema, loadMigrateEnv),
  "wait-for-migrations": app(migrateEnvSchema, loadMigrateEnv),
};

/** Stand-ins for what an operator puts in the Secret, valid for the schemas. */
const SECRET_EXAMPLES: Record<string, string> = {
  DATABASE_URL: "postgresql://catsyphon:secret@postgres:5432/catsyphon",
  DATABASE_READ_URL: "postgresql://catsyphon:secret@postgres-replica:5432/catsyphon",
  REDIS_URL: "redis://:secret@redis:6379",
  CATSYPHON_ADMIN_TOKEN: "a".repeat(32),
  OPENAI_API_KEY: "sk-example",
  CATSYPHON_INIT_ADMIN_EMAIL: "owner@example.com",
  CATSYPHON_INIT_ADMIN_PASSWORD: "a long enough password",
};

const overlaysDir = path.join(repoRoot(), "infra/k8s/overlays");
const overlays = readdirSync(overlaysDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe.each(overlays)("overlay %s", (overlay) => {
  const objects = renderOverlay(path.join(overlaysDir, overlay));
  const configMaps = objects.filter((object) => object.kind === "ConfigMap") as unknown as IConfigMap[];
  const containers: IContainer[] = [
    ...(objects.filter((object) => object.kind === "Deployment") as unknown as IDeployment[]).flatMap(
      (deployment) => [
        ...(deployment.spec?.template.spec?.initContainers ?? []),
        ...(deployment.spec?.template.spec?.containers ?? []),
      ],
    ),
    ...(objects.filter((object) => object.kind === "Job") as unknown as IJob[]).flatMap(
      (job) => job.spec?.template.spec?.containers ?? [],
    ),
  ];

  it("knows the app of every container", () => {
    expect(
      containers.map((container) => container.name).filter((name) => !APP_ENV_BY_CONTAINER[name]),
    ).toEqual([]);
  });

  it.each(Object.keys(APP_ENV_BY_CONTAINER))("gives %s only variables its app reads, valid ones", (name) => {
    const appEnv = APP_ENV_BY_CONTAINER[name] as AppEnv;
    for (const container of containers.filter((candidate) => candidate.name === name)) {
      const env = container.env ?? [];
      expect(container.envFrom ?? []).toEqual([]);
      expect(
        env.map((entry) => entry.name).filter((variable) => !appEnv.variables.includes(variable)),
      ).toEqual([]);

      const source: Record<string, string> = {};
      for (const entry of env) {
        const fromSecret = entry.valueFrom?.secretKeyRef;
        const fromConfig = entry.valueFrom?.configMapKeyRef;
        // A secret only ever from the Secret (the first user's email may sit there too, beside its password).
        if (isSecretEnvName(entry.name)) {
          expect({ variable: entry.name, fromSecret: fromSecret !== undefined }).toEqual({
            variable: entry.name,
            fromSecret: true,
          });
        }
        if (fromSecret) {
          expect(fromSecret.key).toBe(entry.name);
          if (!fromSecret.optional) source[entry.name] = SECRET_EXAMPLES[entry.name] ?? "";
        } else if (fromConfig) {
          const map = configMaps.find((candidate) => candidate.metadata?.name === fromConfig.name);
          const value = map?.data?.[fromConfig.key];
          expect({ variable: entry.name, value }).toEqual({
            variable: entry.name,
            value: expect.any(String),
          });
          source[entry.name] = value as string;
        } else {
          source[entry.name] = entry.value ?? "";
        }
      }
      expect(() => appEnv.load(source)).not.toThrow();
    }
  });

  it("keeps secrets out of the ConfigMaps", () => {
    const keys = configMaps.flatMap((map) => Object.keys(map.data ?? {}));
    expect(keys.filter(isSecretEnvName)).toEqual([]);
  });
});
