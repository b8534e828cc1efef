import yaml from "js-yaml";
import { platformRbac } from "@/lib/authz/rbac";
import { env } from "@/lib/env.js";
import { apiVersionOf, models } from "@/server/kube/models";

/**
 * Prints the roles, bindings and admission policies for a real under cluster (apply them with kubectl).
 * `--console-sa NAMESPACE/NAME` also grants the console's service account what it needs, impersonation included.
 */
export function manifests(consoleSa?: string): number {
  const [saNamespace, saName] = consoleSa?.includes("/") ? consoleSa.split("/", 2) : [env.KMETAL_NAMESPACE, consoleSa];
  const subject = saName ? { kind: "ServiceAccount" as const, name: saName, namespace: saNamespace } : undefined;
  const docs = platformRbac(env.KMETAL_NAMESPACE, subject).map((o) => ({ apiVersion: apiVersionOf(models[o.model]), kind: models[o.model].kind, ...o.object }));
  process.stdout.write(docs.map((d) => yaml.dump(d, { lineWidth: 160, noRefs: true })).join("---\n"));
  return 0;
}
