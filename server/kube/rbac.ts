import "server-only";
import type { RbacObject } from "@/lib/authz/rbac";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

/** Applies the console's roles, bindings and admission policies (server-side apply: re-running is a no-op). */
export async function installRbac(kube: KubeGateway, objects: RbacObject[]): Promise<void> {
  for (const o of objects) await kube.apply(models[o.model], o.object as never, "kmetal-installer");
}
