import type { PlatformPolicySpec } from "@/lib/schemas/tenant";

export const ALL_STEPS = [
  { id: "identity", title: "Identity", fields: ["name", "displayName", "owners"] },
  { id: "version", title: "Kubernetes version", fields: ["kubernetesVersion"] },
  { id: "network", title: "Network", fields: ["network"] },
  { id: "pools", title: "Worker pools", fields: ["workerPools"] },
  { id: "quota", title: "Quota", fields: ["quota"] },
  { id: "addons", title: "Add-ons", fields: ["addons"] },
  { id: "review", title: "Review", fields: [] },
] as const;
export type Step = (typeof ALL_STEPS)[number];
export type StepId = Step["id"];

/** A step that offers one choice only is no step: with a single allowed version, the version is shown inline. */
export const stepsFor = (policy: PlatformPolicySpec): Step[] =>
  ALL_STEPS.filter((s) => s.id !== "version" || policy.allowedVersions.length > 1);

/** The step that holds a field path ("network.cidr" → network), to go back to where an error is. */
export const stepOf = (steps: Step[], path: string) =>
  steps.findIndex((s) => (s.fields as readonly string[]).some((f) => path === f || path.startsWith(`${f}.`)));
