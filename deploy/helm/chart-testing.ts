// Shared by the chart's tests: render the chart with the real helm binary, and find the REST model of any
// rendered object from the API server's discovery (the chart holds kinds the console's model table lacks).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import type { RbacObject } from "@/lib/authz/rbac";
import type { KubeGateway } from "@/server/kube/gateway";
import type { ResourceModel } from "@/server/kube/models";
import { resolveHelm } from "@/server/local/helm";
import { chartDir } from "@/scripts/render-chart";

export type KubeDoc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

let helm: string | undefined;
/** Builds helm from its Go module on the first call (cached in ~/.cache/kmetal across runs). */
export async function helmBinary(): Promise<string> {
  return (helm ??= await resolveHelm((l) => console.log(l)));
}

/** Runs helm with `values` written to a file (so types survive: --set would turn "2" into a number). */
export function runHelm(args: string[], values?: unknown): HelmResult {
  if (!helm) throw new Error("call helmBinary() first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-helm-"));
  try {
    const file = path.join(dir, "values.yaml");
    if (values !== undefined) fs.writeFileSync(file, yaml.dump(values));
    const res = spawnSync(helm, [...args, ...(values !== undefined ? ["--values", file] : [])], {
      encoding: "utf8",
      // No repositories, plugins or registries: helm reads only the chart folder.
      env: { ...process.env, HOME: dir, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir },
    });
    return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template` of the chart as release `name` in `namespace`; throws with helm's message on failure. */
export function template(name: string, namespace: string, values?: unknown): KubeDoc[] {
  const res = runHelm(["template", name, chartDir(), "--namespace", namespace], values);
  if (res.code !== 0) throw new Error(`helm template failed: ${res.stderr}`);
  return (yaml.loadAll(res.stdout) as (KubeDoc | null)[]).filter((d): d is KubeDoc => !!d);
}

/** The model of apiVersion/kind as the API server serves it, from discovery (cached per group version). */
export async function modelFor(kube: KubeGateway, doc: KubeDoc, cache = new Map<string, ResourceModel[]>()): Promise<ResourceModel> {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") as [string, string] : ["", doc.apiVersion];
  let models = cache.get(doc.apiVersion);
  if (!models) {
    const list = await kube.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>("GET", group ? `/apis/${group}/${version}` : `/api/${version}`);
    models = list.resources.filter((r) => !r.name.includes("/")).map((r) => ({ group, version, kind: r.kind, plural: r.name, namespaced: r.namespaced }));
    cache.set(doc.apiVersion, models);
  }
  const m = models.find((r) => r.kind === doc.kind);
  if (!m) throw new Error(`the API server does not serve ${doc.kind} in ${doc.apiVersion}`);
  return m;
}

export const RBAC_KINDS = new Set(["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);
export const sortKey = (d: KubeDoc) => `${d.kind}/${d.metadata.namespace ?? ""}/${d.metadata.name}`;

/** RBAC objects with the bindings renamed, so tests running at once never rebind each other's accounts. */
export const uniqueBindings = (objects: RbacObject[], suffix: string): RbacObject[] =>
  objects.map((o) => (o.model.endsWith("Binding") ? { ...o, object: { ...o.object, metadata: { ...o.object.metadata, name: `${o.object.metadata.name}-${suffix}` } } } : o));
