// Provisioning benchmark (issue: tenant provisioning engine). In one run, on a fresh local under cluster:
//   1. the floor: a bare etcd + kube-apiserver started to /readyz;
//   2. one tenant, created → Ready, with per-step timings;
//   3. five tenants created at once → all Ready.
// Prints the figures and the ratio of one tenant's total to the floor (target ≤ 1.5).
// Usage: node scripts/run-ts.mjs scripts/bench-provision.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TenantObject } from "@/lib/schemas/tenant";
import { models } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import { provisioningCluster } from "@/test/bench-provisioning";
import { UnderCluster } from "@/server/local/under-cluster";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => (ms / 1000).toFixed(2);

export async function main(): Promise<number> {
  const binaries = await resolveBinaries((l) => console.error(l));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-bench-prov-"));

  // 1. The floor: a bare etcd + kube-apiserver to /readyz.
  const floors: number[] = [];
  for (let i = 0; i < 3; i++) {
    const bare = new UnderCluster({ dir: path.join(root, `floor-${i}`), binaries, controllers: false });
    const t0 = performance.now();
    await bare.start();
    floors.push(performance.now() - t0);
    await bare.stop();
  }
  const floor = [...floors].sort((a, b) => a - b)[1]!;

  // The under cluster with CRDs, policy, reconciler and provider.
  const { kube, stop } = await provisioningCluster(binaries, root);

  let cidr = 0;
  const create = (name: string) =>
    kube.create(models.Tenant, {
      metadata: { name },
      spec: {
        kubernetesVersion: binaries.version,
        network: { mode: "overlay", cidr: `10.${50 + cidr++}.0.0/24` },
        workerPools: [{ name: "default", replicas: 2, vcpu: 1, memoryGi: 2, diskGi: 10, image: "ubuntu" }],
      },
    } as never);
  const waitReady = async (names: string[]) => {
    const done = new Map<string, TenantObject>();
    while (done.size < names.length) {
      for (const n of names) {
        if (done.has(n)) continue;
        const t = await kube.get<TenantObject & { metadata: object }>(models.Tenant, { name: n });
        if (t.status?.phase === "Ready") done.set(n, t);
      }
      await sleep(50);
    }
    return done;
  };
  const stepTimes = (t: TenantObject, t0: number) =>
    (t.status?.steps ?? []).map((st) => `${st.name} ${s(new Date(st.finishedAt!).getTime() - t0)}s`).join(", ");

  // 2. One tenant.
  const t1 = Date.now();
  await create("bench-1");
  const one = (await waitReady(["bench-1"])).get("bench-1")!;
  const oneTotal = Date.now() - t1;

  // 3. Five tenants at once.
  const names = ["bench-a", "bench-b", "bench-c", "bench-d", "bench-e"];
  const t5 = Date.now();
  await Promise.all(names.map(create));
  const five = await waitReady(names);
  const fiveTotal = Date.now() - t5;

  console.log(`floor: bare etcd + kube-apiserver to /readyz: ${s(floor)} s (runs: ${floors.map(s).join(", ")})`);
  console.log(`1 tenant: created → Ready in ${s(oneTotal)} s = ${(oneTotal / floor).toFixed(2)} × floor (target ≤ 1.5)`);
  console.log(`  steps finished after: ${stepTimes(one, t1)}`);
  console.log(`5 tenants at once: all Ready in ${s(fiveTotal)} s`);
  for (const n of names) console.log(`  ${n}: ${stepTimes(five.get(n)!, t5)}`);

  await stop();
  fs.rmSync(root, { recursive: true, force: true });
  return 0;
}
