// Policy graph benchmark: 2,000 tenants, each with a VPC and 1–3 subnets, 5% peered (with routes both ways),
// subnet ACLs and NetworkPolicies sprinkled, the reconciler's platform drops on every VPC.
// Prints: full computation time (target ≤ 250 ms), incremental recompute after one object change, p50/p95 over
// many changes (target ≤ 20 ms), and the heap held by the graph; then, unless --engine-only, change → graph in
// the browser with the same fleet on a local under cluster (scripts/bench-policy-graph-live.ts, target p95 ≤ 1 s).
// Usage: node scripts/run-ts.mjs scripts/bench-policy-graph.ts [tenants] [--engine-only]
import os from "node:os";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { namespace, networkPolicy, overlayTenant, platformBase, subnet, vm } from "@/lib/policy-graph/builders";
import { computeAll } from "@/lib/policy-graph/graph";
import type { KubeObject } from "@/lib/policy-graph/types";

v8.setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

const PLATFORM = ["10.96.0.0/12", "192.168.0.0/16", "172.16.0.10/32"];
const drops = PLATFORM.map((c) => ({ priority: 30000, match: `ip4.dst == ${c}`, action: "drop" }));

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cidrOf = (t: number, s: number) => `10.${Math.floor(t / 64)}.${(t % 64) * 4 + s}.0/24`;

export function fleet(tenants: number, seed = 1): KubeObject[] {
  const rand = rng(seed);
  const objs: KubeObject[] = [...platformBase()];
  const peers = new Map<number, number>();
  for (let i = 0; i + 1 < tenants && peers.size < tenants * 0.05; i += 40) {
    peers.set(i, i + 1);
    peers.set(i + 1, i);
  }
  for (let t = 0; t < tenants; t++) {
    const name = `t${t}`;
    const ns = `tenant-${name}`;
    const nSub = 1 + Math.floor(rand() * 3);
    const peer = peers.get(t);
    const vpcSpec = {
      namespaces: [ns], policyRoutes: drops,
      ...(peer === undefined ? {} : {
        vpcPeerings: [{ remoteVpc: `t${peer}`, localConnectIP: `169.254.${Math.floor(Math.min(t, peer) / 2) % 256}.${t < peer ? 1 : 2}/30` }],
        staticRoutes: [0, 1, 2].map((s) => ({ cidr: cidrOf(peer, s), nextHopIP: `169.254.${Math.floor(Math.min(t, peer) / 2) % 256}.${t < peer ? 2 : 1}` })),
      }),
    };
    const [nsObj, vpcObj] = overlayTenant(name, cidrOf(t, 0), vpcSpec);
    objs.push(nsObj!, vpcObj!);
    for (let s = 0; s < nSub; s++) {
      const acls = rand() < 0.3 ? [
        { direction: "to-lport", priority: 1100, match: `ip4.src == ${cidrOf(peer ?? t, 0)} && tcp.dst == ${443 + s}`, action: "allow-related" },
        { direction: "to-lport", priority: 1000, match: "ip4.src == 10.0.0.0/8", action: "drop" },
      ] : undefined;
      objs.push(subnet(`${name}-net${s}`, name, { vpc: name, cidrBlock: cidrOf(t, s), namespaces: [ns], ...(acls ? { acls } : {}) }));
    }
    if (rand() < 0.3) {
      objs.push(networkPolicy(ns, "web", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "TCP", port: 8000 + (t % 100), endPort: 8080 + (t % 100) }] }] }));
    }
    if (rand() < 0.1) objs.push(vm(ns, "vm-0", { "ovn.kubernetes.io/logical_switch": `${name}-net0` }, { app: "web" }));
  }
  objs.push(namespace("kube-system"));
  return objs;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function main(args: string[]): Promise<number> {
  const engineOnly = args.includes("--engine-only");
  const tenants = Number(args.find((a) => !a.startsWith("--")) ?? 2000);
  const objs = fleet(tenants);
  const input = { platformCIDRs: PLATFORM };
  // Warm-up (JIT) on a smaller fleet, then the measured full computation.
  computeAll(fleet(200, 7), input);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const g = computeAll(objs, input);
  const full = performance.now() - t0;
  const fullCpu = cpuMs(process.cpuUsage(c0));
  gc();
  const heap = process.memoryUsage().heapUsed - heap0;
  // Warm: the same computation again on fresh graphs, as a long-running console rebuilds it (a new platform CIDR,
  // say) once the JIT has seen the whole fleet; the median of 10.
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < 10; i++) {
    const w0 = performance.now();
    const wc = process.cpuUsage();
    computeAll(objs, input);
    warm.push(performance.now() - w0);
    warmCpu.push(cpuMs(process.cpuUsage(wc)));
  }
  const edges = g.edges();

  // Incremental: one object changes, then refresh; the kinds of change an operator makes.
  const rand = rng(42);
  const times: number[] = [];
  const cpu: number[] = [];
  const byKind = new Map<string, number[]>();
  const KIND = ["subnet ACL", "NetworkPolicy", "Vpc routes/policies (on peered tenants the peering is dropped too)", "VM added (its endpoints move)", "Namespace label"];
  let recomputed = 0;
  const changes = 300;
  for (let i = 0; i < changes; i++) {
    const t = Math.floor(rand() * tenants);
    const name = `t${t}`;
    const pick = i % 5;
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    if (pick === 0) g.applyChange("Subnet", subnet(`${name}-net0`, name, { vpc: name, cidrBlock: cidrOf(t, 0), namespaces: [`tenant-${name}`], acls: [{ direction: "to-lport", priority: 1200 + i, match: `tcp.dst == ${1000 + i}`, action: "drop" }] }));
    else if (pick === 1) g.applyChange("NetworkPolicy", networkPolicy(`tenant-${name}`, `np-${i}`, { podSelector: {}, ingress: [{ ports: [{ port: 2000 + i }] }] }));
    else if (pick === 2) g.applyChange("Vpc", overlayTenant(name, cidrOf(t, 0), { namespaces: [`tenant-${name}`], policyRoutes: [...drops, { priority: 100 + i, match: "tcp.dst == 22", action: "drop" }] })[1]!);
    else if (pick === 3) g.applyChange("VirtualMachine", vm(`tenant-${name}`, `vm-x${i}`, { "ovn.kubernetes.io/logical_switch": `${name}-net0` }));
    else g.applyChange("Namespace", namespace(`tenant-${name}`, name, { rev: String(i) }));
    const r = g.refresh();
    times.push(performance.now() - t1);
    cpu.push(cpuMs(process.cpuUsage(c1)));
    if (!byKind.has(KIND[pick]!)) byKind.set(KIND[pick]!, []);
    byKind.get(KIND[pick]!)!.push(cpu[cpu.length - 1]!);
    recomputed += r.recomputed;
  }
  // Changes that move the topology, measured apart from the mix above: a subnet added or removed (a tenant's
  // subnet landing in the default VPC and going again) and a whole new tenant arriving (its Namespace, Vpc and
  // Subnet in one refresh) and leaving again. These are patched into the model; other topology changes (a VLAN, a
  // NAT gateway, a namespace that workloads live in, a Vpc that subnets still name) rebuild it.
  /** Wall and CPU times of `n` runs of `step`, each ending with a refresh. */
  const timed = (n: number, step: (i: number) => void) => {
    const wall: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < n; i++) {
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      step(i);
      g.refresh();
      wall.push(performance.now() - t1);
      cpuTimes.push(cpuMs(process.cpuUsage(c1)));
    }
    return { wall, cpu: cpuTimes };
  };
  const newTenant = (i: number) => {
    const name = `new${i}`;
    const [nsObj, vpcObj] = overlayTenant(name, `10.200.${i}.0/24`, { namespaces: [`tenant-${name}`], policyRoutes: drops });
    return { nsObj: nsObj!, vpcObj: vpcObj!, subnetObj: subnet(`${name}-net0`, name, { vpc: name, cidrBlock: `10.200.${i}.0/24`, namespaces: [`tenant-${name}`] }) };
  };
  const presence = timed(40, (i) => {
    const k = i - (i % 2);
    g.applyChange("Subnet", subnet(`rogue-${k}`, `t${(k * 37) % tenants}`, { cidrBlock: `172.30.${k % 256}.0/24` }), i % 2 === 1);
  });
  const arriving = timed(20, (i) => {
    const { nsObj, vpcObj, subnetObj } = newTenant(i);
    g.applyChange("Namespace", nsObj);
    g.applyChange("Vpc", vpcObj);
    g.applyChange("Subnet", subnetObj);
  });
  // And the same tenants leave again, in the order a teardown deletes (subnet, Vpc, namespace).
  const leaving = timed(20, (i) => {
    const { nsObj, vpcObj, subnetObj } = newTenant(i);
    g.applyChange("Subnet", subnetObj, true);
    g.applyChange("Vpc", vpcObj, true);
    g.applyChange("Namespace", nsObj, true);
  });
  const out = [
    `policy graph benchmark: ${tenants} tenants, ${objs.length} objects, ${edges.length} non-deny edges, ${g.violations().length} violations`,
    `load average              ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs (wall times suffer on a busy machine; CPU times do less)`,
    `full computation          first: wall ${ms(full)}  cpu ${ms(fullCpu)};  warm (median of 10): wall ${ms(pct(warm, 0.5))}  cpu ${ms(pct(warmCpu, 0.5))}   (target ≤ 250 ms)`,
    `incremental, one change   wall p50 ${ms(pct(times, 0.5))}  p95 ${ms(pct(times, 0.95))}   cpu p50 ${ms(pct(cpu, 0.5))}  p95 ${ms(pct(cpu, 0.95))}   (target ≤ 20 ms; ${(recomputed / changes).toFixed(1)} tenants re-evaluated per change)`,
    ...[...byKind].map(([k, xs]) => `  cpu p50 ${ms(pct(xs, 0.5)).padStart(9)}  p95 ${ms(pct(xs, 0.95)).padStart(9)}   ${k}`),
    `subnet added or removed   wall p50 ${ms(pct(presence.wall, 0.5))}  p95 ${ms(pct(presence.wall, 0.95))}   cpu p50 ${ms(pct(presence.cpu, 0.5))}  p95 ${ms(pct(presence.cpu, 0.95))}   (patched in place; 40 changes)`,
    `a new tenant arrives      wall p50 ${ms(pct(arriving.wall, 0.5))}  p95 ${ms(pct(arriving.wall, 0.95))}   cpu p50 ${ms(pct(arriving.cpu, 0.5))}  p95 ${ms(pct(arriving.cpu, 0.95))}   (Namespace, Vpc and Subnet in one refresh; 20 tenants)`,
    `a tenant leaves           wall p50 ${ms(pct(leaving.wall, 0.5))}  p95 ${ms(pct(leaving.wall, 0.95))}   cpu p50 ${ms(pct(leaving.cpu, 0.5))}  p95 ${ms(pct(leaving.cpu, 0.95))}   (the same 20, Subnet, Vpc and Namespace deleted in one refresh)`,
    `heap held by the graph    ${(heap / 1024 / 1024).toFixed(1)} MiB`,
  ];
  console.log(out.join("\n"));
  if (engineOnly) return 0;
  console.log("\nthe same fleet on a local under cluster, the production console and Chromium:");
  return (await import("@/scripts/bench-policy-graph-live")).main([String(tenants)]);
}
