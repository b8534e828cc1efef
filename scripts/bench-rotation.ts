// Certificate rotation benchmark (issue: certificates). On a fresh local under cluster, one tenant with two
// apiserver replicas behind its balancer and one worker:
//   1. leaf rotation (Kamaji's annotation on every leaf Secret) → every leaf rotated;
//   2. CA rotation, start → Prepared;
//   3. CA rotation, complete → Completed.
// Throughout each, a client sends GET /api/v1/namespaces/default to the tenant endpoint every 50 ms with
// credentials that must stay valid during that step (the kubeconfig from before for 1 and 2, one issued once the
// rotation was Prepared for 3), and counts failed requests (target 0).
// Usage: node scripts/run-ts.mjs scripts/bench-rotation.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TenantObject } from "@/lib/schemas/tenant";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import { models } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import { provisioningCluster } from "@/test/bench-provisioning";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { requestCaRotation, rotateLeaves, rotationState } from "@/server/services/certificates";
import { issueKubeconfig } from "@/server/services/kubeconfig";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => (ms / 1000).toFixed(1);

/** A client of the tenant endpoint until stopped: requests served and failed. */
function clientLoop(kubeconfig: string) {
  const gw = gatewayFromKubeconfig(kubeconfig);
  const out = { ok: 0, failed: [] as string[], running: true, done: Promise.resolve() };
  out.done = (async () => {
    while (out.running) {
      try {
        await gw.request("GET", "/api/v1/namespaces/default");
        out.ok++;
      } catch (err) {
        out.failed.push((err as Error).message.slice(0, 100));
      }
      await sleep(50);
    }
  })();
  return out;
}

async function timed(what: string, kubeconfig: string, run: () => Promise<void>): Promise<string> {
  const client = clientLoop(kubeconfig);
  const t0 = Date.now();
  await run();
  const ms = Date.now() - t0;
  await sleep(3_000); // the client goes on a moment after the step is done
  client.running = false;
  await client.done;
  return `${what}: ${s(ms)} s; ${client.ok} requests served, ${client.failed.length} failed (target 0)${client.failed.length ? `: ${[...new Set(client.failed)].slice(0, 3).join(" | ")}` : ""}`;
}

export async function main(): Promise<number> {
  const binaries = await resolveBinaries((l) => console.error(l));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-bench-rot-"));
  const { kube, stop } = await provisioningCluster(binaries, root);
  const caches = new CacheRegistry(kube);
  const name = "bench-rot";
  await kube.create(models.Tenant, { metadata: { name }, spec: {
    kubernetesVersion: binaries.version, controlPlane: { replicas: 2 }, network: { mode: "overlay", cidr: "10.60.0.0/24" },
    workerPools: [{ name: "w", replicas: 1, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
  } } as never);
  const tenant = () => kube.get<TenantObject & { metadata: { name: string } }>(models.Tenant, { name });
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await sleep(100);
  };
  await until(async () => (await tenant()).status?.phase === "Ready");
  const kubeconfig = async () => (await issueKubeconfig(kube, { name: "bench", roles: ["platform-admin"] }, { name, endpoint: (await tenant()).status?.endpoint }, "admin", 1)).kubeconfig;
  const phase = async () => (await tenant()).status?.credentials?.rotation?.certificateAuthorities?.phase;

  const lines: string[] = [];
  const before = await kubeconfig();
  lines.push(await timed("leaf rotation (9 leaves, 2 apiserver replicas)", before, async () => {
    const { requested } = await rotateLeaves(kube, name);
    await until(async () => (await rotationState(caches, name)).pending === 0 && requested > 0);
  }));
  lines.push(await timed("CA rotation, start → Prepared", before, async () => {
    await requestCaRotation(kube, await tenant(), "start");
    await until(async () => (await phase()) === "Prepared");
  }));
  const during = await kubeconfig();
  lines.push(await timed("CA rotation, complete → Completed", during, async () => {
    await requestCaRotation(kube, await tenant(), "complete");
    await until(async () => (await phase()) === "Completed");
  }));
  const r = (await tenant()).status!.credentials!.rotation!.certificateAuthorities!;
  const full = Date.parse(r.lastCompletionTime!) - Date.parse(r.lastInitiationTime!) - (Date.parse(r.lastCompletionTriggeredTime!) - Date.parse(r.lastInitiationFinishedTime!));
  for (const l of lines) console.log(l);
  console.log(`CA rotation, both phases without the wait between them: ${s(full)} s`);

  await caches.stop();
  await stop();
  fs.rmSync(root, { recursive: true, force: true });
  return 0;
}
