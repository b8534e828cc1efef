import "server-only";
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import type { KubernetesObject } from "@kubernetes/client-node";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

export interface CrdObject extends KubernetesObject {
  spec: { group: string; names: { kind: string; plural: string }; scope: string; versions: { name: string; served: boolean; storage: boolean }[] };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** All CRD documents in the YAML files below `dir`, in a stable order. */
export function readCrdFiles(dir: string): CrdObject[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  return files.flatMap((f) =>
    yaml.loadAll(fs.readFileSync(f, "utf8")).filter((d): d is CrdObject => (d as KubernetesObject | null)?.kind === "CustomResourceDefinition"),
  );
}

const established = (crd?: CrdObject) => crd?.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;

/**
 * Installs CRDs with server-side apply (several upstream CRDs are too large for client-side apply)
 * and waits until each is Established.
 */
export async function installCrds(kube: KubeGateway, crds: CrdObject[], timeoutMs = 60_000): Promise<void> {
  for (const crd of crds) {
    const { status: _status, ...body } = crd;
    delete (body.metadata as { creationTimestamp?: unknown }).creationTimestamp;
    await kube.apply(models.CustomResourceDefinition, body as CrdObject, "kmetal-installer");
  }
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    const name = crd.metadata!.name!;
    for (;;) {
      const live = await kube.get<CrdObject>(models.CustomResourceDefinition, { name });
      if (established(live)) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} was not Established after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
