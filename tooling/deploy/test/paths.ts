import path from "node:path";
import { repoRoot } from "@catsyphon/testing";

export const root = repoRoot();
export const dockerDir = path.join(root, "infra", "docker");
export const composeFile = path.join(root, "infra", "compose.yaml");

/** The images infra/docker/check-images.sh builds, by Dockerfile name. */
export const imageNames = ["api", "migrate", "tagger", "watcher", "web", "worker"] as const;
/** The ones that serve HTTP and answer /ready (the others are a one-shot job and a CLI). */
export const serverImages = ["api", "tagger", "web", "worker"] as const;
