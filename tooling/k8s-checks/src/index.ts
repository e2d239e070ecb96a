export { modelFor } from "./models";
export { type KubernetesObject, parseManifests, renderOverlay } from "./render";
export { checkableKinds, unknownFields } from "./unknown-fields";
export { schemaProblems } from "./validate";
