import type { PlatformPolicySpec } from "@/lib/schemas/tenant";

// Each step's title is the message tenants.wizard.steps.<id>.
export const ALL_STEPS = [
  { id: "identity", fields: ["name", "displayName", "owners"] },
  { id: "version", fields: ["kubernetesVersion"] },
  { id: "network", fields: ["network"] },
  { id: "pools", fields: ["workerPools"] },
  { id: "quota", fields: ["quota"] },
  { id: "addons", fields: ["addons"] },
  { id: "review", fields: [] },
] as const;
export type Step = (typeof ALL_STEPS)[number];
export type StepId = Step["id"];

/** A step that offers one choice only is no step: with a single allowed version, the version is shown inline. */
export const stepsFor = (policy: PlatformPolicySpec): Step[] =>
  ALL_STEPS.filter((s) => s.id !== "version" || policy.allowedVersions.length > 1);

/** The step that holds a field path ("network.cidr" → network), to go back to where an error is. */
export const stepOf = (steps: Step[], path: string) =>
  steps.findIndex((s) => (s.fields as readonly string[]).some((f) => path === f || path.startsWith(`${f}.`)));
