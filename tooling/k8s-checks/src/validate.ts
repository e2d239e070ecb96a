// One object against its schema (kubernetes-models' validate()) and its declared fields (unknown-fields.ts).
import { modelFor } from "./models";
import { type KubernetesObject } from "./render";
import { unknownFields } from "./unknown-fields";

/** What is wrong with `object`, one line each; empty when it is a valid object of a known kind. */
export function schemaProblems(object: KubernetesObject): string[] {
  const name = `${object.kind}/${object.metadata.name}`;
  const model = modelFor(object.apiVersion, object.kind);
  if (!model) return [`${name}: ${object.apiVersion} ${object.kind} is not a kind these manifests may use`];
  const problems: string[] = [];
  try {
    new model(object as never).validate();
  } catch (error) {
    problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const field of unknownFields(object.kind, object)) problems.push(`${name}: unknown field ${field}`);
  return problems;
}
