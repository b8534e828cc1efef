import type { V1Secret } from "@kubernetes/client-node";
import { nthHost, parseCidr } from "@/lib/net/cidr";
import { POOL_LABEL } from "@/lib/tenants/names";
import { microTime } from "@/lib/utils";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { WatchCache } from "@/server/kube/watch-cache";
import type { ObjectWithStatus } from "@/server/reconciler/children";
import { launcherName, launcherPod, placement, runningPodStatus, SIMULATOR_LABEL, type LauncherPod } from "@/server/local/provider/launcher-pods";

const SUBNET_ANNOTATION = "ovn.kubernetes.io/logical_switch";
const IP_ANNOTATION = "kmetal.io/simulated-ip";
const LEASE_NS = "kube-node-lease";

interface VmTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { domain?: { cpu?: { cores?: number }; memory?: { guest?: string } } };
}

const isRunning = (vm: ObjectWithStatus) => {
  const rs = vm.spec?.runStrategy as string | undefined;
  return rs ? rs !== "Halted" : vm.spec?.running === true;
};

/** Where the simulator's virt-launcher pods go, and the value of its simulator label. */
export interface LauncherPlacement {
  simulator: string;
  nodeSelector: Record<string, string>;
}

interface Condition { type: string; status: string; reason?: string; message?: string }

/**
 * Plays KubeVirt and the kubelet (simulated: no VM boots here). A running VirtualMachine gets a
 * VirtualMachineInstance and, as virt-controller makes it, a virt-launcher Pod carrying the VM's cpu and
 * memory requests. The real kube-scheduler binds that pod to one of the (simulated) hypervisor Nodes, or
 * leaves it unschedulable with its reason, which the VMI and VM then report as KubeVirt does. A bound VMI
 * goes Running with an IP from the tenant's subnet on that node, and becomes a Ready Node in the tenant's
 * own API server, whose lease it renews. Stopping or deleting the VM removes the pod, the instance and the Node.
 */
export class VmSimulator {
  private readonly tenantApis = new Map<string, { secretRv: string; gw: KubeGateway }>();
  /** Nodes this simulator registered, with the kubelet version they report. */
  private readonly nodes = new Map<string, { ns: string; name: string; version: string }>();
  /** PVCs known to exist (CDI's part), by VM uid and name, so a pass does not ask the API server again. */
  private readonly volumes = new Set<string>();

  constructor(
    private readonly kube: KubeGateway,
    private readonly vms: WatchCache<ObjectWithStatus>,
    private readonly vmis: WatchCache<ObjectWithStatus>,
    private readonly tcps: WatchCache<ObjectWithStatus>,
    private readonly subnets: WatchCache<ObjectWithStatus>,
    private readonly secrets: WatchCache<V1Secret>,
    private readonly pods: WatchCache<LauncherPod>,
    private readonly launchers: LauncherPlacement,
    private readonly log: (l: string) => void,
  ) {}

  /** Addresses in use in a subnet, for its IPAM status. */
  usedIps(subnet: string): number {
    return this.vmis.list().filter((v) => v.metadata?.annotations?.[SUBNET_ANNOTATION] === subnet && v.metadata?.annotations?.[IP_ANNOTATION]).length;
  }

  private async tenantApi(ns: string): Promise<KubeGateway | undefined> {
    const tcp = this.tcps.list().find((t) => t.metadata?.namespace === ns);
    const secretName = (tcp?.status as { kubeconfig?: { admin?: { secretName?: string } } } | undefined)?.kubeconfig?.admin?.secretName;
    if (!secretName) return undefined;
    const secret = this.secrets.get(secretName, ns);
    if (!secret?.data?.["admin.conf"]) return undefined;
    const rv = secret.metadata?.resourceVersion ?? "";
    const have = this.tenantApis.get(ns);
    if (have && have.secretRv === rv) return have.gw;
    const gw = gatewayFromKubeconfig(Buffer.from(secret.data["admin.conf"], "base64").toString("utf8"));
    this.tenantApis.set(ns, { secretRv: rv, gw });
    return gw;
  }

  private allocateIp(subnetName: string, self: string): string | undefined {
    const cidr = parseCidr(String(this.subnets.get(subnetName)?.spec?.cidrBlock ?? ""));
    if (!cidr) return undefined;
    const taken = new Set(this.vmis.list().filter((v) => v.metadata?.name !== self).map((v) => v.metadata?.annotations?.[IP_ANNOTATION]));
    for (let i = 0; ; i++) {
      const ip = nthHost(cidr, i);
      if (!ip || !taken.has(ip)) return ip;
    }
  }

  /** One pass over every VM: converge instances, VM status and tenant Nodes. */
  async sync(): Promise<void> {
    for (const vm of this.vms.list()) {
      const ns = vm.metadata!.namespace!;
      const name = vm.metadata!.name!;
      try {
        await this.ensureVolumes(vm, ns);
        if (isRunning(vm)) await this.ensureRunning(vm, ns, name);
        else await this.ensureStopped(ns, name);
      } catch (err) {
        if (!(err instanceof KubeError && err.status === 404)) this.log(`vm-sim: ${ns}/${name}: ${(err as Error).message}`);
      }
    }
    // No kubelet confirms a deletion on the simulated hypervisors: finish it, as a kubelet would at once.
    for (const pod of this.pods.list()) {
      if (pod.metadata?.deletionTimestamp) {
        await this.kube.delete(models.Pod, { name: pod.metadata.name!, namespace: pod.metadata.namespace }, { ignoreNotFound: true, gracePeriodSeconds: 0 }).catch(() => {});
      }
    }
    // Instances and Nodes whose VM is gone.
    for (const vmi of this.vmis.list()) {
      const ns = vmi.metadata!.namespace!;
      const name = vmi.metadata!.name!;
      if (!this.vms.get(name, ns)) await this.ensureStopped(ns, name).catch(() => {});
    }
  }

  private async ensureRunning(vm: ObjectWithStatus, ns: string, name: string) {
    const template = vm.spec?.template as VmTemplate;
    const subnet = template.metadata?.annotations?.[SUBNET_ANNOTATION] ?? "";
    let vmi = this.vmis.get(name, ns) ?? (await this.kube.find<ObjectWithStatus>(models.VirtualMachineInstance, { name, namespace: ns }));
    if (!vmi) {
      const ip = this.allocateIp(subnet, name);
      if (!ip) throw new Error(`subnet ${subnet} has no free address`);
      vmi = await this.kube.create<ObjectWithStatus>(models.VirtualMachineInstance, {
        metadata: {
          name, namespace: ns, labels: { ...template.metadata?.labels, [SIMULATOR_LABEL]: this.launchers.simulator },
          annotations: { ...template.metadata?.annotations, [IP_ANNOTATION]: ip },
          ownerReferences: [{ apiVersion: "kubevirt.io/v1", kind: "VirtualMachine", name, uid: vm.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
        },
        spec: (vm.spec?.template as { spec: Record<string, unknown> }).spec,
      } as never);
      // VMI has no status subresource upstream, so status is patched on the object.
      vmi = await this.kube.mergePatch<ObjectWithStatus>(models.VirtualMachineInstance, { name, namespace: ns }, { status: { phase: "Pending" } });
    }
    const ip = vmi.metadata?.annotations?.[IP_ANNOTATION];
    const pod = await this.ensureLauncher(vmi, ns, name, subnet, ip);
    const where = placement(pod);
    if (!where || "unschedulable" in where) {
      await this.reportNotScheduled(vm, vmi, ns, name, where?.unschedulable);
      return;
    }
    if (pod && pod.status?.phase !== "Running") {
      await this.kube.mergePatch(models.Pod, { name: pod.metadata!.name!, namespace: ns }, { status: runningPodStatus(ip) }, "status");
    }
    const vs = vmi.status as { phase?: string; nodeName?: string } | undefined;
    if (vs?.phase !== "Running" || vs.nodeName !== where.node) {
      const now = new Date().toISOString();
      await this.kube.mergePatch(models.VirtualMachineInstance, { name, namespace: ns }, {
        status: {
          phase: "Running", nodeName: where.node,
          interfaces: [{ name: "default", ipAddress: ip, ipAddresses: [ip], infoSource: "domain" }],
          conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }, { type: "PodScheduled", status: "True", lastTransitionTime: now }],
        },
      });
    }
    if ((vm.status as { printableStatus?: string } | undefined)?.printableStatus === "ErrorUnschedulable") {
      // Placed now: the scheduler's old verdict goes; Running follows once the Node has joined the tenant cluster.
      await this.kube.mergePatch(models.VirtualMachine, { name, namespace: ns }, { status: { created: true, ready: false, printableStatus: "Starting", conditions: [] } }, "status");
    }
    const tenant = await this.tenantApi(ns);
    if (!tenant) return; // the tenant control plane is not up yet; the next pass registers the Node
    const version = template.metadata?.annotations?.["kmetal.io/kubernetes-version"] ?? "v0.0.0";
    if (this.nodes.get(`${ns}/${name}`)?.version !== version) await this.ensureNode(tenant, ns, name, vm, ip!);
    const s = vm.status as { ready?: boolean; printableStatus?: string } | undefined;
    if (!s?.ready || s.printableStatus !== "Running") {
      // Replaces any PodScheduled=False or Synchronized=False condition from before the placement.
      await this.kube.mergePatch(models.VirtualMachine, { name, namespace: ns }, {
        status: { created: true, ready: true, printableStatus: "Running", conditions: [{ type: "Ready", status: "True" }] },
      }, "status");
    }
  }

  /**
   * CDI's part: each of the VM's dataVolumeTemplates becomes a PVC of its size, owned by the VM, so the
   * namespace's ResourceQuota counts its storage. No importer runs and no volume binds (there is no storage here).
   */
  private async ensureVolumes(vm: ObjectWithStatus, ns: string) {
    const templates = (vm.spec?.dataVolumeTemplates ?? []) as { metadata?: { name?: string }; spec?: { storage?: { resources?: { requests?: { storage?: string } } } } }[];
    for (const dv of templates) {
      const name = dv.metadata?.name;
      const storage = dv.spec?.storage?.resources?.requests?.storage;
      const key = `${vm.metadata!.uid}/${name}`;
      if (!name || !storage || this.volumes.has(key)) continue;
      if (!(await this.kube.find(models.PersistentVolumeClaim, { name, namespace: ns }))) {
        try {
          await this.kube.create(models.PersistentVolumeClaim, {
            metadata: {
              name, namespace: ns, labels: { app: "containerized-data-importer", [SIMULATOR_LABEL]: this.launchers.simulator },
              ownerReferences: [{ apiVersion: "kubevirt.io/v1", kind: "VirtualMachine", name: vm.metadata!.name!, uid: vm.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
            },
            spec: { accessModes: ["ReadWriteOnce"], volumeMode: "Filesystem", resources: { requests: { storage } } },
          } as never);
        } catch (err) {
          // E.g. the quota refuses the storage, as it would refuse CDI: the next pass tries again.
          if (err instanceof KubeError && err.status === 403) {
            this.log(`vm-sim: ${ns}/${name}: ${err.message}`);
            continue;
          }
          throw err;
        }
      }
      this.volumes.add(key);
    }
  }

  /** The VMI's virt-launcher Pod: created when missing, replaced when it belongs to an earlier instance of the same name. */
  private async ensureLauncher(vmi: ObjectWithStatus, ns: string, name: string, subnet: string, ip?: string): Promise<LauncherPod | undefined> {
    const podName = launcherName(name);
    let pod = this.pods.get(podName, ns) ?? (await this.kube.find<LauncherPod>(models.Pod, { name: podName, namespace: ns }));
    if (pod && pod.metadata?.ownerReferences?.[0]?.uid !== vmi.metadata?.uid) {
      await this.kube.delete(models.Pod, { name: podName, namespace: ns }, { ignoreNotFound: true, gracePeriodSeconds: 0 });
      return undefined;
    }
    if (pod) return pod;
    try {
      pod = await this.kube.create<LauncherPod>(models.Pod, launcherPod(vmi, { ...this.launchers, ip, subnet: subnet || undefined }) as never);
    } catch (err) {
      // E.g. the namespace's ResourceQuota refuses it (403 exceeded quota): virt-controller reports that on the VMI.
      if (!(err instanceof KubeError) || err.status === 404 || err.status === 409) throw err;
      await this.setConditions(vmi, ns, name, "Pending", [{ type: "Synchronized", status: "False", reason: "FailedCreate", message: `failed to create virtual machine pod: ${err.message}` }]);
      return undefined;
    }
    if ((vmi.status as { phase?: string } | undefined)?.phase === "Pending") {
      await this.kube.mergePatch(models.VirtualMachineInstance, { name, namespace: ns }, { status: { phase: "Scheduling", conditions: [] } });
    }
    return pod;
  }

  /** A VMI whose pod is not bound: Scheduling, with the scheduler's reason on the VMI and the VM (printableStatus ErrorUnschedulable). */
  private async reportNotScheduled(vm: ObjectWithStatus, vmi: ObjectWithStatus, ns: string, name: string, why?: { reason: string; message: string }) {
    if (!why) return;
    await this.setConditions(vmi, ns, name, "Scheduling", [{ type: "PodScheduled", status: "False", reason: why.reason, message: why.message }]);
    const s = vm.status as { printableStatus?: string; conditions?: Condition[] } | undefined;
    const had = s?.conditions?.find((c) => c.type === "PodScheduled");
    if (s?.printableStatus === "ErrorUnschedulable" && had?.message === why.message) return;
    const now = new Date().toISOString();
    await this.kube.mergePatch(models.VirtualMachine, { name, namespace: ns }, {
      status: {
        created: true, ready: false, printableStatus: "ErrorUnschedulable",
        conditions: [
          { type: "Ready", status: "False", reason: "GuestNotRunning", message: "Guest VM is not reported as running", lastTransitionTime: now },
          { type: "PodScheduled", status: "False", reason: why.reason, message: why.message, lastTransitionTime: now },
        ],
      },
    }, "status");
  }

  private async setConditions(vmi: ObjectWithStatus, ns: string, name: string, phase: string, conditions: Condition[]) {
    const s = vmi.status as { phase?: string; conditions?: Condition[] } | undefined;
    const same = s?.phase === phase && conditions.every((c) => s.conditions?.some((h) => h.type === c.type && h.status === c.status && h.reason === c.reason && h.message === c.message));
    if (same) return;
    const now = new Date().toISOString();
    await this.kube.mergePatch(models.VirtualMachineInstance, { name, namespace: ns }, { status: { phase, conditions: conditions.map((c) => ({ ...c, lastTransitionTime: now })) } });
  }

  private async ensureNode(tenant: KubeGateway, ns: string, name: string, vm: ObjectWithStatus, ip: string) {
    const template = vm.spec?.template as VmTemplate;
    const cores = template.spec?.domain?.cpu?.cores ?? 1;
    const memory = template.spec?.domain?.memory?.guest ?? "1Gi";
    const version = template.metadata?.annotations?.["kmetal.io/kubernetes-version"] ?? "v0.0.0";
    const key = `${ns}/${name}`;
    const now = new Date().toISOString();
    const existing = await tenant.find(models.Node, { name });
    if (!existing) {
      await tenant.create(models.Node, {
        metadata: {
          name,
          labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": `${cores}c-${memory}`, [POOL_LABEL]: vm.metadata?.labels?.[POOL_LABEL] ?? "" },
          annotations: { "kmetal.io/simulated": "true" },
        },
      });
    }
    this.nodes.set(key, { ns, name, version });
    await tenant.mergePatch(models.Node, { name }, {
      status: {
        capacity: { cpu: String(cores), memory, pods: "110" },
        allocatable: { cpu: String(cores), memory, pods: "110" },
        addresses: [{ type: "InternalIP", address: ip }, { type: "Hostname", address: name }],
        conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "simulated kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now }],
        nodeInfo: { kubeletVersion: version, kubeProxyVersion: version, osImage: "kMetal simulated VM", operatingSystem: "linux", architecture: "amd64", containerRuntimeVersion: "simulated://1.0", kernelVersion: "simulated", machineID: name, systemUUID: name, bootID: name },
      },
    }, "status");
    await this.renewLease(tenant, name);
  }

  /** The node lifecycle controller marks a Node NotReady when its lease is not renewed. */
  private async renewLease(tenant: KubeGateway, name: string) {
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime() };
    try {
      await tenant.mergePatch(models.Lease, { name, namespace: LEASE_NS }, { spec });
    } catch (err) {
      if (err instanceof KubeError && err.status === 404) await tenant.create(models.Lease, { metadata: { name, namespace: LEASE_NS }, spec } as never);
      else throw err;
    }
  }

  /** Heartbeats for every registered Node (every few seconds, like a kubelet). */
  async heartbeat(): Promise<void> {
    for (const [key, { ns, name }] of this.nodes) {
      const tenant = await this.tenantApi(ns).catch(() => undefined);
      if (!tenant) {
        this.nodes.delete(key);
        continue;
      }
      await this.renewLease(tenant, name).catch(() => {});
    }
  }

  private async ensureStopped(ns: string, name: string) {
    const key = `${ns}/${name}`;
    const tenant = await this.tenantApi(ns).catch(() => undefined);
    if (tenant) {
      await tenant.delete(models.Node, { name }, { ignoreNotFound: true }).catch(() => {});
      await tenant.delete(models.Lease, { name, namespace: LEASE_NS }, { ignoreNotFound: true }).catch(() => {});
    }
    this.nodes.delete(key);
    // The pod first, with no grace period: its requests leave the Node and the quota at once.
    if (this.pods.get(launcherName(name), ns)) await this.kube.delete(models.Pod, { name: launcherName(name), namespace: ns }, { ignoreNotFound: true, gracePeriodSeconds: 0 });
    if (this.vmis.get(name, ns)) await this.kube.delete(models.VirtualMachineInstance, { name, namespace: ns }, { ignoreNotFound: true });
    const vm = this.vms.get(name, ns);
    const st = vm?.status as { ready?: boolean; printableStatus?: string } | undefined;
    if (vm && (st?.ready || (st?.printableStatus && st.printableStatus !== "Stopped"))) {
      await this.kube.mergePatch(models.VirtualMachine, { name, namespace: ns }, { status: { ready: false, printableStatus: "Stopped", conditions: [] } }, "status");
    }
  }
}
