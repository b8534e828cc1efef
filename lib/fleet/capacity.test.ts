import { describe, expect, it } from "vitest";
import { capacityOf, type NodeObject, type PodObject } from "@/lib/fleet/capacity";

const node = (name: string, cpu: string, memory: string, ready = true): NodeObject => ({
  metadata: { name, annotations: { "kmetal.io/simulated": "true" } },
  status: { allocatable: { cpu, memory, pods: "110" }, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});
const pod = (name: string, nodeName: string | undefined, cpu: string, memory: string, extra: Partial<PodObject> = {}): PodObject => ({
  metadata: { name: `virt-launcher-${name}`, namespace: "tenant-a", labels: { "kubevirt.io/domain": name } },
  spec: { nodeName, containers: [{ resources: { requests: { cpu, memory } } }] },
  ...extra,
});

describe("capacityOf", () => {
  it("sums what the pods on each node request against its allocatable, and the overcommit over Ready nodes", () => {
    const c = capacityOf(
      [node("hv-1", "4", "16Gi"), node("hv-0", "8", "32Gi"), node("hv-2", "8", "32Gi", false)],
      [pod("a", "hv-0", "6", "8Gi"), pod("b", "hv-0", "4", "4096Mi"), pod("c", "hv-1", "500m", "1Gi"), pod("d", "hv-1", "1", "1Gi", { status: { phase: "Succeeded" } })],
    );
    expect(c.nodes.map((n) => n.name)).toEqual(["hv-0", "hv-1", "hv-2"]);
    expect(c.nodes[0]).toMatchObject({ requested: { cpu: 10, memoryGi: 12, pods: 2 }, allocatable: { cpu: 8, memoryGi: 32, pods: 110 }, vms: 2, cpuRatio: 1.25, memoryRatio: 0.375, simulated: true });
    expect(c.nodes[1]).toMatchObject({ requested: { cpu: 0.5, memoryGi: 1, pods: 1 }, vms: 1 });
    expect(c.nodes[2]!.ready).toBe(false);
    // Only Ready nodes offer capacity: 12 CPUs and 48 GiB.
    expect(c.total).toEqual({ allocatable: { cpu: 12, memoryGi: 48, pods: 220 }, requested: { cpu: 10.5, memoryGi: 13, pods: 3 }, vms: 3 });
    expect(c.overcommit).toEqual({ cpu: 0.875, memory: 0.2708 });
  });

  it("lists pods the scheduler could not place, with its reason, and counts them on no node", () => {
    const c = capacityOf([node("hv-0", "2", "4Gi")], [
      pod("big", undefined, "4", "2Gi", { status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/1 nodes are available: 1 Insufficient cpu." }] } }),
      pod("fresh", undefined, "1", "1Gi"),
    ]);
    expect(c.unschedulable).toEqual([{ namespace: "tenant-a", vm: "big", reason: "Unschedulable", message: "0/1 nodes are available: 1 Insufficient cpu." }]);
    expect(c.total.requested.cpu).toBe(0);
  });

  it("handles an empty cluster", () => {
    expect(capacityOf([], [])).toEqual({ nodes: [], total: { allocatable: { cpu: 0, memoryGi: 0, pods: 0 }, requested: { cpu: 0, memoryGi: 0, pods: 0 }, vms: 0 }, overcommit: { cpu: 0, memory: 0 }, unschedulable: [] });
  });
});
