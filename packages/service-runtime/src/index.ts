export { checkDependencies, type DependencyState } from "./dependency-checks";
export { runService, type RunningService, type ServiceDefinition } from "./run-service";
export { type HealthChecks, startHealthServer } from "./health-server";
