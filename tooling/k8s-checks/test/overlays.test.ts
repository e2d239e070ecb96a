// Every overlay under infra/k8s/overlays, rendered by `kubectl kustomize` as CI and operators would: each object
// passes the Kubernetes or KEDA schema with no unknown field, and the deployment policy of issue 17 holds.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { loadIngestWorkerEnv } from "@catsyphon/config";
import { DEFAULT_QUEUE_PREFIX, QUEUE_NAMES, type QueueName, waitListKey } from "@catsyphon/queue";
import { repoRoot } from "@catsyphon/testing";
import { type IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { type IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { type IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { type IJob } from "kubernetes-models/batch/v1/Job";
import { type IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { type INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { type IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { type IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { type IService } from "kubernetes-models/v1/Service";
import { type IContainer } from "kubernetes-models/v1/Container";
import { type KubernetesObject, renderOverlay, schemaProblems } from "../src";

const overlaysDir = path.join(repoRoot(), "infra/k8s/overlays");
const overlays = readdirSync(overlaysDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The apps, the queue each consumer drains, and the two that face the outside. */
const APPS = ["ingest-api", "ingest-worker", "tagger", "web"];
const PUBLIC_APPS = ["ingest-api", "web"];
const CONSUMED_QUEUE: Record<string, QueueName> = {
  "ingest-worker": QUEUE_NAMES.ingest,
  tagger: QUEUE_NAMES.tagging,
};

function ofKind<T>(objects: KubernetesObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as unknown as T[];
}

/** True when a label selector's matchLabels all hold for `labels` (the manifests use no matchExpressions). */
function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

function hardened(container: IContainer): string[] {
  const problems: string[] = [];
  const context = container.securityContext;
  if (context?.allowPrivilegeEscalation !== false) problems.push("allowPrivilegeEscalation is not false");
  if (context?.readOnlyRootFilesystem !== true) problems.push("readOnlyRootFilesystem is not true");
  if (context?.privileged === true) problems.push("privileged");
  if (!context?.capabilities?.drop?.includes("ALL")) problems.push("capabilities do not drop ALL");
  if (context?.capabilities?.add?.length) problems.push("adds capabilities");
  if (context?.runAsUser === 0) problems.push("runs as root");
  if (!container.resources?.requests?.cpu || !container.resources.requests.memory)
    problems.push("no requests");
  if (!container.resources?.limits?.memory) problems.push("no memory limit");
  return problems.map((problem) => `${container.name}: ${problem}`);
}

describe.each(overlays)("overlay %s", (overlay) => {
  const objects = renderOverlay(path.join(overlaysDir, overlay));
  const deployments = ofKind<IDeployment>(objects, "Deployment");

  it("renders objects that pass the Kubernetes and KEDA schemas with no unknown field", () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it("has one Deployment per app, each probed on /health and /ready, hardened, with resources", () => {
    expect(deployments.map((deployment) => deployment.metadata?.name).sort()).toEqual(APPS);
    for (const deployment of deployments) {
      const pod = deployment.spec?.template.spec;
      const name = deployment.metadata?.name;
      expect({ name, runAsNonRoot: pod?.securityContext?.runAsNonRoot }).toEqual({
        name,
        runAsNonRoot: true,
      });
      expect({ name, token: pod?.automountServiceAccountToken }).toEqual({ name, token: false });
      const containers = [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
      expect({ name, problems: containers.flatMap(hardened) }).toEqual({ name, problems: [] });
      for (const container of pod?.containers ?? []) {
        const ports = (container.ports ?? []).flatMap((port) => [port.name, port.containerPort]);
        expect({ name, liveness: container.livenessProbe?.httpGet?.path }).toEqual({
          name,
          liveness: "/health",
        });
        expect({ name, readiness: container.readinessProbe?.httpGet?.path }).toEqual({
          name,
          readiness: "/ready",
        });
        expect(ports).toContain(container.livenessProbe?.httpGet?.port);
        expect(ports).toContain(container.readinessProbe?.httpGet?.port);
      }
    }
  });

  it("covers every Deployment with a PodDisruptionBudget", () => {
    const budgets = ofKind<IPodDisruptionBudget>(objects, "PodDisruptionBudget");
    for (const deployment of deployments) {
      const labels = deployment.spec?.template.metadata?.labels;
      const covering = budgets.filter((budget) => selects(budget.spec?.selector?.matchLabels, labels));
      expect({ deployment: deployment.metadata?.name, budgets: covering.length }).toEqual({
        deployment: deployment.metadata?.name,
        budgets: 1,
      });
    }
  });

  it("holds every app back until the release's migration Job has run, all on the same release", () => {
    const [release] = ofKind<IConfigMap>(objects, "ConfigMap").filter(
      (map) => map.metadata?.name === "catsyphon-release",
    );
    const version = release?.data?.version;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const jobs = ofKind<IJob>(objects, "Job");
    expect(jobs.map((job) => job.metadata?.name)).toEqual([`catsyphon-migrate-${version}`]);
    const images = [
      ...jobs.flatMap((job) => job.spec?.template.spec?.containers ?? []),
      ...deployments.flatMap((deployment) => [
        ...(deployment.spec?.template.spec?.initContainers ?? []),
        ...(deployment.spec?.template.spec?.containers ?? []),
      ]),
    ].map((container) => container.image);
    expect(images.filter((image) => !image?.endsWith(`:${version}`))).toEqual([]);
    for (const deployment of deployments) {
      const waits = deployment.spec?.template.spec?.initContainers ?? [];
      expect(waits.map((container) => [container.image?.split(":")[0], container.args?.[0]])).toEqual([
        ["localhost/catsyphon-migrate", "--check"],
      ]);
    }
  });

  it("routes Ingress paths only to web and ingest-api", () => {
    const services = ofKind<IService>(objects, "Service");
    const backends = ofKind<IIngress>(objects, "Ingress").flatMap((ingress) =>
      (ingress.spec?.rules ?? []).flatMap(
        (rule) => rule.http?.paths.map((p) => p.backend.service?.name) ?? [],
      ),
    );
    const targets = backends.map((name) => {
      const service = services.find((candidate) => candidate.metadata?.name === name);
      const app = deployments.find((deployment) =>
        selects(service?.spec?.selector, deployment.spec?.template.metadata?.labels),
      );
      return app?.metadata?.name;
    });
    expect([...new Set(targets)].sort()).toEqual(PUBLIC_APPS);
  });

  it("denies all ingress by default and lets in traffic only to web and ingest-api", () => {
    const policies = ofKind<INetworkPolicy>(objects, "NetworkPolicy");
    const defaultDeny = policies.filter(
      (policy) =>
        Object.keys(policy.spec?.podSelector?.matchLabels ?? {}).length === 0 &&
        !policy.spec?.podSelector?.matchExpressions?.length &&
        policy.spec?.policyTypes?.includes("Ingress") &&
        (policy.spec?.ingress ?? []).length === 0,
    );
    expect(defaultDeny).toHaveLength(1);
    const allowing = policies.filter((policy) => (policy.spec?.ingress ?? []).length > 0);
    const reachable = deployments
      .filter((deployment) =>
        allowing.some((policy) =>
          selects(policy.spec?.podSelector?.matchLabels, deployment.spec?.template.metadata?.labels),
        ),
      )
      .map((deployment) => deployment.metadata?.name)
      .sort();
    expect(reachable).toEqual(PUBLIC_APPS);
  });

  it("scales every app with one autoscaler that keeps at least one replica running", () => {
    const hpas = ofKind<IHorizontalPodAutoscaler>(objects, "HorizontalPodAutoscaler");
    const scaledObjects = ofKind<IScaledObject>(objects, "ScaledObject");
    const floors = new Map<string, number[]>();
    for (const hpa of hpas) {
      const list = floors.get(hpa.spec?.scaleTargetRef.name ?? "") ?? [];
      floors.set(hpa.spec?.scaleTargetRef.name ?? "", [...list, hpa.spec?.minReplicas ?? 1]);
    }
    for (const scaled of scaledObjects) {
      const list = floors.get(scaled.spec.scaleTargetRef.name) ?? [];
      floors.set(scaled.spec.scaleTargetRef.name, [...list, scaled.spec.minReplicaCount ?? 0]);
    }
    expect([...floors.keys()].sort()).toEqual(APPS);
    for (const [app, minimums] of floors) {
      expect({ app, autoscalers: minimums.length }).toEqual({ app, autoscalers: 1 });
      expect(minimums[0]).toBeGreaterThanOrEqual(1);
    }
    // The replica count belongs to the autoscaler: a Deployment that set one would reset it on every apply.
    expect(deployments.filter((deployment) => deployment.spec?.replicas !== undefined)).toEqual([]);
  });

  it("reads, in each KEDA redis trigger, the real BullMQ wait list of the configured prefix", () => {
    const [config] = ofKind<IConfigMap>(objects, "ConfigMap").filter((map) =>
      map.metadata?.name?.startsWith("catsyphon-config"),
    );
    const prefix = config?.data?.REDIS_KEY_PREFIX;
    expect(prefix).toBe(DEFAULT_QUEUE_PREFIX);
    expect(loadIngestWorkerEnv({}).REDIS_KEY_PREFIX).toBe(DEFAULT_QUEUE_PREFIX);
    for (const scaled of ofKind<IScaledObject>(objects, "ScaledObject")) {
      const app = scaled.spec.scaleTargetRef.name;
      const queue = CONSUMED_QUEUE[app];
      expect({ app, queue }).toEqual({ app, queue: expect.any(String) });
      const lists = scaled.spec.triggers
        .filter((trigger) => trigger.type === "redis")
        .map((trigger) => trigger.metadata.listName);
      expect(lists).toEqual([waitListKey(queue as QueueName, prefix)]);
    }
    if (overlay === "keda") expect(ofKind<IScaledObject>(objects, "ScaledObject").length).toBe(2);
  });
});

it("finds the overlays to check", () => {
  expect(overlays).toEqual(["cpu-hpa", "keda"]);
});

it("keeps the migration Job's pod template free of names that change without a release", () => {
  // A Job cannot be changed once created: only the release may change its template, or a config edit would make
  // `kubectl apply` fail on it.
  for (const overlay of overlays) {
    const jobs = ofKind<IJob>(renderOverlay(path.join(overlaysDir, overlay)), "Job");
    expect(JSON.stringify(jobs.map((job) => job.spec?.template))).not.toMatch(/catsyphon-config/);
  }
});
