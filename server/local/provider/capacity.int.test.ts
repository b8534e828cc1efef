import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { models } from "@/server/kube/models";
import { launcherName, type LauncherPod } from "@/server/local/provider/launcher-pods";
import { testGateway } from "@/test/kube";
import { simulatedWorkers } from "@/test/simulated-workers";

type Cond = { type: string; status: string; reason?: string; message?: string };
type Vmi = { status?: { phase?: string; nodeName?: string; conditions?: Cond[] } };
type Vm = { status?: { printableStatus?: string; conditions?: Cond[] } };
type Node = { spec?: { taints?: unknown[] }; status?: { allocatable?: Record<string, string>; conditions?: Cond[] } };
type Pod = LauncherPod & { spec?: { nodeName?: string; containers?: { resources?: { requests?: Record<string, string> } }[] } };

describe("simulated hypervisors and VM placement by the real kube-scheduler", () => {
  const kube = testGateway();
  let env: Awaited<ReturnType<typeof simulatedWorkers>>;
  const vmi = (name: string) => kube.find<Vmi & { metadata?: { name?: string } }>(models.VirtualMachineInstance, { name, namespace: env.namespace });

  beforeAll(async () => {
    // Two hypervisors of 4 CPUs; three workers of 3 vCPUs: one fits on each node, the third fits nowhere.
    env = await simulatedWorkers(kube, {
      spec: { network: { mode: "overlay", cidr: "10.77.0.0/24" }, workerPools: [{ name: "w", replicas: 3, vcpu: 3, memoryGi: 2, diskGi: 10, image: "x" }] },
      quota: { vcpu: 100, memoryGi: 100, storageGi: 1000, workers: 10, loadBalancers: 2 },
      hypervisors: { count: 2, cpu: 4, memoryGi: 16 },
    });
  });
  afterAll(() => env?.cleanup());

  it("registers the hypervisors as Ready Nodes with their capacity, kept alive by a node Lease", async () => {
    for (const name of env.provider.hypervisors.names) {
      const node = await kube.get<Node & { metadata?: { name?: string; annotations?: Record<string, string> } }>(models.Node, { name });
      expect(node.status?.allocatable).toMatchObject({ cpu: "4", memory: "16Gi" });
      expect(node.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
      expect(node.metadata?.annotations?.["kmetal.io/simulated"]).toBe("true");
      const lease = await kube.get<{ metadata?: { name?: string }; spec?: { holderIdentity?: string; renewTime?: string } }>(models.Lease, { name, namespace: "kube-node-lease" });
      expect(lease.spec?.holderIdentity).toBe(name);
      expect(Date.now() - Date.parse(lease.spec!.renewTime!)).toBeLessThan(60_000);
      // The node lifecycle controller lifts the not-ready taint once it sees the Node Ready.
      await expect.poll(async () => (await kube.get<Node & { metadata?: { name?: string } }>(models.Node, { name })).spec?.taints ?? [], { timeout: 30_000 }).toEqual([]);
    }
  });

  it("binds each VM's virt-launcher pod to a hypervisor with room, and leaves the one that fits nowhere unschedulable with the scheduler's reason", async () => {
    await env.createVms(2);
    for (const name of ["w-0", "w-1"]) {
      await expect.poll(async () => (await vmi(name))?.status?.phase, { timeout: 60_000 }).toBe("Running");
    }
    const nodes = await Promise.all(["w-0", "w-1"].map(async (n) => (await vmi(n))!.status!.nodeName!));
    expect(new Set(nodes)).toEqual(new Set(env.provider.hypervisors.names));
    for (const name of ["w-0", "w-1"]) {
      const pod = await kube.get<Pod & { metadata?: { name?: string } }>(models.Pod, { name: launcherName(name), namespace: env.namespace });
      expect(pod.metadata?.labels?.["kubevirt.io"]).toBe("virt-launcher");
      expect(pod.spec?.containers?.[0]?.resources?.requests).toEqual({ cpu: "3", memory: "2Gi" });
      expect(pod.spec?.nodeName).toBe((await vmi(name))!.status!.nodeName);
      expect(pod.status?.phase).toBe("Running");
    }

    await env.createVms(3);
    await expect.poll(async () => (await vmi("w-2"))?.status?.conditions?.find((c) => c.type === "PodScheduled")?.reason, { timeout: 60_000 }).toBe("Unschedulable");
    const stuck = (await vmi("w-2"))!;
    expect(stuck.status?.phase).toBe("Scheduling");
    expect(stuck.status?.nodeName).toBeUndefined();
    const message = stuck.status!.conditions!.find((c) => c.type === "PodScheduled")!.message!;
    expect(message).toMatch(/^0\/\d+ nodes are available: .*2 Insufficient cpu/);
    await expect.poll(async () => (await kube.get<Vm & { metadata?: { name?: string } }>(models.VirtualMachine, { name: "w-2", namespace: env.namespace })).status?.printableStatus, { timeout: 30_000 }).toBe("ErrorUnschedulable");
    const vm = await kube.get<Vm & { metadata?: { name?: string } }>(models.VirtualMachine, { name: "w-2", namespace: env.namespace });
    expect(vm.status?.conditions?.find((c) => c.type === "PodScheduled")).toMatchObject({ status: "False", reason: "Unschedulable", message });
  });

  it("places the waiting VM once another one stops and frees its node", async () => {
    const freed = (await vmi("w-0"))!.status!.nodeName;
    await kube.mergePatch(models.VirtualMachine, { name: "w-0", namespace: env.namespace }, { spec: { runStrategy: "Halted" } });
    await expect.poll(async () => (await vmi("w-2"))?.status?.phase, { timeout: 90_000 }).toBe("Running");
    expect((await vmi("w-2"))!.status!.nodeName).toBe(freed);
    expect(await vmi("w-0")).toBeUndefined();
    const vm = await kube.get<Vm & { metadata?: { name?: string } }>(models.VirtualMachine, { name: "w-2", namespace: env.namespace });
    expect(vm.status?.printableStatus).not.toBe("ErrorUnschedulable");
  });
});
