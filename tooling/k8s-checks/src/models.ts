// The kinds the manifests may use: apiVersion and kind to the kubernetes-models class whose validate() checks an
// object against the Kubernetes (or KEDA) JSON schema. A kind missing here is refused, not skipped.
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: never): { validate(): void };
}

const MODELS: readonly ModelClass[] = [
  ConfigMap,
  Namespace,
  Service,
  ServiceAccount,
  Deployment,
  Job,
  PodDisruptionBudget,
  Ingress,
  NetworkPolicy,
  HorizontalPodAutoscaler,
  ScaledObject,
  TriggerAuthentication,
];

/** The model of `apiVersion` + `kind`, or undefined for a kind the manifests are not meant to use. */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  return MODELS.find((model) => model.apiVersion === apiVersion && model.kind === kind);
}
