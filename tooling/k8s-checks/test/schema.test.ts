// The validation itself can fail: a misspelled field, a wrong type and an unknown kind are each refused, and the
// same manifests spelled right pass.
import { describe, expect, it } from "@jest/globals";
import { parseManifests, schemaProblems } from "../src";

const deployment = (containerExtra: string, specExtra = "") => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: probe
spec:
${specExtra}  selector:
    matchLabels: { app: probe }
  template:
    metadata:
      labels: { app: probe }
    spec:
      containers:
        - name: probe
          image: localhost/probe:1
${containerExtra}`;

const problemsOf = (text: string) => parseManifests(text).flatMap(schemaProblems);

describe("schemaProblems", () => {
  it("accepts a well-formed Deployment", () => {
    expect(
      problemsOf(deployment("          livenessProbe:\n            httpGet: { path: /health, port: 80 }\n")),
    ).toEqual([]);
  });

  it("refuses a misspelled field, naming where it is", () => {
    expect(
      problemsOf(deployment("          livenessProb:\n            httpGet: { path: /health, port: 80 }\n")),
    ).toEqual(["Deployment/probe: unknown field spec.template.spec.containers[0].livenessProb"]);
    expect(problemsOf(deployment("", "  replica: 2\n"))).toEqual([
      "Deployment/probe: unknown field spec.replica",
    ]);
  });

  it("refuses a misspelled field in a KEDA ScaledObject, but not a scaler's own metadata keys", () => {
    const scaledObject = (extra: string) => `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef: { name: worker }
  minReplicaCount: 1
${extra}  triggers:
    - type: redis
      metadata: { listName: "{catsyphon}:ingest:wait", listLength: "500", anyScalerKey: "x" }
`;
    expect(problemsOf(scaledObject(""))).toEqual([]);
    expect(problemsOf(scaledObject("  minReplicaCont: 2\n"))).toEqual([
      "ScaledObject/worker: unknown field spec.minReplicaCont",
    ]);
  });

  it("refuses a value of the wrong type and a missing required field", () => {
    expect(problemsOf(deployment("", "  replicas: two\n"))).toEqual([
      "Deployment/probe: data/spec/replicas must be integer",
    ]);
    expect(problemsOf(deployment("").replace("        - name: probe\n", "        -\n"))).toEqual([
      "Deployment/probe: data/spec/template/spec/containers/0 must have required property name",
    ]);
  });

  it("refuses a kind the manifests are not meant to use", () => {
    expect(
      problemsOf("apiVersion: v1\nkind: Pod\nmetadata: { name: loose }\nspec: { containers: [] }\n"),
    ).toEqual(["Pod/loose: v1 Pod is not a kind these manifests may use"]);
  });
});
