import crypto from "node:crypto";
import { inject } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeError } from "@/server/kube/errors";
import { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

/** A gateway to the run's local under cluster; refuses anything that is not on loopback. */
export function testGateway(): KubeGateway {
  const kc = new KubeConfig();
  kc.loadFromFile(inject("kubeconfigPath"));
  const server = kc.getCurrentCluster()?.server ?? "";
  if (!/^https:\/\/127\.0\.0\.1:\d+$/.test(server)) throw new Error(`refusing to run tests against ${server}: not a local under cluster`);
  return new KubeGateway(kc);
}

/** A fresh, uniquely named namespace for one test; deleted afterwards. */
export async function freshNamespace(kube: KubeGateway, prefix = "t"): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = `${prefix}-${crypto.randomBytes(4).toString("hex")}`;
  await kube.create(models.Namespace, { metadata: { name, labels: { "kmetal.io/test": "true" } } });
  return { name, cleanup: () => kube.delete(models.Namespace, { name }, { ignoreNotFound: true }) };
}

/** How the API server answered a request: "ok", or the HTTP status of its refusal. */
export async function outcome(p: Promise<unknown>): Promise<number | "ok"> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof KubeError) return err.status;
    throw err;
  }
}
