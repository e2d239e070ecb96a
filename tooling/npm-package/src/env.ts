// What the npm helpers take from the environment: only PATH, to find npm (and the node that runs it).
import { z } from "zod";

const npmHostEnvSchema = z.object({ PATH: z.string().min(1) });

export function hostPath(environment: Record<string, string | undefined> = process.env): string {
  return npmHostEnvSchema.parse({ PATH: environment.PATH }).PATH;
}
