import { parseQuantity, round, toGi } from "@/lib/fleet/quantity";
import { byCodePoint } from "@/lib/compare";

/** The parts of a Node the capacity view reads. */
export interface NodeObject {
  metadata?: { name?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: { allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
}
/** The parts of a (virt-launcher) Pod it reads. */
export interface PodObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string; containers?: { resources?: { requests?: Record<string, string> } }[] };
  status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface Resources {
  cpu: number;
  memoryGi: number;
  pods: number;
}

export interface NodeCapacity {
  name: string;
  ready: boolean;
  schedulable: boolean;
  simulated: boolean;
  allocatable: Resources;
  /** What the VMs placed on the node request (their virt-launcher pods). */
  requested: Resources;
  vms: number;
  /** requested / allocatable, per resource. */
  cpuRatio: number;
  memoryRatio: number;
}

export interface Unschedulable {
  namespace: string;
  vm: string;
  reason: string;
  message: string;
}

export interface Capacity {
  nodes: NodeCapacity[];
  total: { allocatable: Resources; requested: Resources; vms: number };
  /** Requested / allocatable over every Ready, schedulable node: above 1 means more is promised than exists. */
  overcommit: { cpu: number; memory: number };
  unschedulable: Unschedulable[];
}

const zero = (): Resources => ({ cpu: 0, memoryGi: 0, pods: 0 });
const FINAL = new Set(["Succeeded", "Failed"]);
const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 4) : 0);

/** The requests of a pod: the sum over its containers, as the scheduler counts them (init containers aside). */
export function podRequests(pod: PodObject): Resources {
  const r = zero();
  for (const c of pod.spec?.containers ?? []) {
    r.cpu += parseQuantity(c.resources?.requests?.cpu) ?? 0;
    r.memoryGi += toGi(c.resources?.requests?.memory) ?? 0;
  }
  r.pods = 1;
  return r;
}

/**
 * Allocatable against requested per hypervisor Node and in total, from the Nodes and the virt-launcher pods
 * bound to them; pods the scheduler could not place, with its reason.
 */
export function capacityOf(nodes: NodeObject[], pods: PodObject[]): Capacity {
  const byNode = new Map<string, { requested: Resources; vms: number }>();
  const unschedulable: Unschedulable[] = [];
  for (const pod of pods) {
    if (FINAL.has(pod.status?.phase ?? "")) continue;
    const node = pod.spec?.nodeName;
    if (!node) {
      const c = pod.status?.conditions?.find((x) => x.type === "PodScheduled" && x.status === "False");
      if (c) unschedulable.push({ namespace: pod.metadata?.namespace ?? "", vm: pod.metadata?.labels?.["kubevirt.io/domain"] ?? pod.metadata?.name ?? "", reason: c.reason ?? "Unschedulable", message: c.message ?? "" });
      continue;
    }
    const e = byNode.get(node) ?? { requested: zero(), vms: 0 };
    const r = podRequests(pod);
    e.requested = { cpu: e.requested.cpu + r.cpu, memoryGi: e.requested.memoryGi + r.memoryGi, pods: e.requested.pods + 1 };
    e.vms++;
    byNode.set(node, e);
  }
  const total = { allocatable: zero(), requested: zero(), vms: 0 };
  const out: NodeCapacity[] = nodes.map((n) => {
    const a = n.status?.allocatable ?? {};
    const allocatable = { cpu: round(parseQuantity(a.cpu) ?? 0), memoryGi: round(toGi(a.memory) ?? 0), pods: parseQuantity(a.pods) ?? 0 };
    const used = byNode.get(n.metadata?.name ?? "") ?? { requested: zero(), vms: 0 };
    const requested = { cpu: round(used.requested.cpu), memoryGi: round(used.requested.memoryGi), pods: used.requested.pods };
    const ready = n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
    const schedulable = !n.spec?.unschedulable;
    if (ready && schedulable) {
      total.allocatable = { cpu: total.allocatable.cpu + allocatable.cpu, memoryGi: total.allocatable.memoryGi + allocatable.memoryGi, pods: total.allocatable.pods + allocatable.pods };
    }
    total.requested = { cpu: total.requested.cpu + requested.cpu, memoryGi: total.requested.memoryGi + requested.memoryGi, pods: total.requested.pods + requested.pods };
    total.vms += used.vms;
    return {
      name: n.metadata?.name ?? "", ready, schedulable, simulated: n.metadata?.annotations?.["kmetal.io/simulated"] === "true",
      allocatable, requested, vms: used.vms, cpuRatio: ratio(requested.cpu, allocatable.cpu), memoryRatio: ratio(requested.memoryGi, allocatable.memoryGi),
    };
  }).sort((x, y) => byCodePoint(x.name, y.name));
  total.allocatable = { cpu: round(total.allocatable.cpu), memoryGi: round(total.allocatable.memoryGi), pods: total.allocatable.pods };
  total.requested = { cpu: round(total.requested.cpu), memoryGi: round(total.requested.memoryGi), pods: total.requested.pods };
  unschedulable.sort((a, b) => byCodePoint(`${a.namespace}/${a.vm}`, `${b.namespace}/${b.vm}`));
  return { nodes: out, total, overcommit: { cpu: ratio(total.requested.cpu, total.allocatable.cpu), memory: ratio(total.requested.memoryGi, total.allocatable.memoryGi) }, unschedulable };
}
