// Renders a kustomize overlay with `kubectl kustomize` (offline) and parses the objects it prints.
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  if (typeof value !== "object" || value === null) return false;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  return (
    typeof apiVersion === "string" &&
    typeof kind === "string" &&
    typeof metadata === "object" &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === "string"
  );
}

/** Parses a multi-document YAML stream into Kubernetes objects; throws on a YAML error or a shapeless document. */
export function parseManifests(text: string): KubernetesObject[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`document ${index}: ${document.errors[0]?.message}`);
    const value: unknown = document.toJS();
    if (!isKubernetesObject(value))
      throw new Error(`document ${index} has no apiVersion, kind and metadata.name`);
    return value;
  });
}

/** `kubectl kustomize <dir>`: the objects of an overlay, as the cluster would receive them. */
export function renderOverlay(dir: string, kubectl = "kubectl"): KubernetesObject[] {
  const result = spawnSync(kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(
      `cannot run ${kubectl} (${result.error.message}); install it (Debian: apt-get install kubernetes-client)`,
    );
  }
  if (result.status !== 0) {
    // Components and replacements need kustomize v4.5+ (kubectl 1.24+); Debian 12's kubernetes-client is 1.20.
    throw new Error(`kubectl kustomize ${dir} failed (needs kubectl 1.24 or later): ${result.stderr.trim()}`);
  }
  return parseManifests(result.stdout);
}
