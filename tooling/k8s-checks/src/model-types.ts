// The TypeScript shape of every kind the manifests may use, as kubernetes-models and @kubernetes-models/keda declare
// it. unknown-fields.ts reads these declarations to refuse fields the API does not have; export one per kind.
export type { IConfigMap as ConfigMap } from "kubernetes-models/v1/ConfigMap";
export type { INamespace as Namespace } from "kubernetes-models/v1/Namespace";
export type { IService as Service } from "kubernetes-models/v1/Service";
export type { IServiceAccount as ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
export type { IDeployment as Deployment } from "kubernetes-models/apps/v1/Deployment";
export type { IJob as Job } from "kubernetes-models/batch/v1/Job";
export type { IPodDisruptionBudget as PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
export type { IIngress as Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
export type { INetworkPolicy as NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
export type { IHorizontalPodAutoscaler as HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
export type { IScaledObject as ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
export type { ITriggerAuthentication as TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication";
