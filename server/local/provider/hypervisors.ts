import { microTime } from "@/lib/utils";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

/** How many simulated hypervisors the embedded mode registers, and how big each is. */
export interface HypervisorConfig {
  count: number;
  cpu: number;
  memoryGi: number;
  /** Pods each may hold (the kubelet's max-pods). */
  pods?: number;
  /** Node names are `<prefix>-<i>`; also the value of the group label that virt-launcher pods select. */
  prefix?: string;
}

export const DEFAULT_HYPERVISORS: Required<HypervisorConfig> = { count: 3, cpu: 32, memoryGi: 128, pods: 110, prefix: "kmetal-hv" };

/** On every simulated hypervisor Node; virt-launcher pods of this provider select it (with KubeVirt's schedulable label). */
export const HYPERVISOR_GROUP_LABEL = "kmetal.io/hypervisor-group";
export const SCHEDULABLE_LABEL = "kubevirt.io/schedulable";
export const SIMULATED_ANNOTATION = "kmetal.io/simulated";

const LEASE_NS = "kube-node-lease";
/** As a kubelet: a 40 s lease renewed every quarter of it (kwok's node-heartbeat-with-lease does the same). */
const LEASE_SECONDS = 40;
/** Node conditions are refreshed far less often than the lease, as kubelet's nodeStatusReportFrequency. */
const STATUS_EVERY_MS = 60_000;

const conditions = (now: string, since: string) => [
  { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "simulated hypervisor has sufficient memory available" },
  { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "simulated hypervisor has no disk pressure" },
  { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "simulated hypervisor has sufficient PID available" },
  { type: "Ready", status: "True", reason: "KubeletReady", message: "simulated kubelet is posting ready status" },
].map((c) => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: since }));

/**
 * Plays the kubelets of the under cluster's hypervisors (simulated: there is no host behind them). Registers
 * the configured Nodes with their capacity, keeps them Ready with a node Lease renewed every 10 s and a
 * status heartbeat every minute, so the real node lifecycle controller and kube-scheduler treat them as
 * healthy nodes. The scheduler places virt-launcher pods on them against their allocatable.
 */
export class HypervisorSimulator {
  readonly config: Required<HypervisorConfig>;
  private lastStatus = 0;
  private readonly since = new Date().toISOString();

  constructor(private readonly kube: KubeGateway, config: Partial<HypervisorConfig> = {}, private readonly log: (l: string) => void = () => {}) {
    this.config = { ...DEFAULT_HYPERVISORS, ...config };
  }

  get names(): string[] {
    return Array.from({ length: this.config.count }, (_, i) => `${this.config.prefix}-${i}`);
  }

  /** Node labels a virt-launcher pod selects to land on these hypervisors. */
  get nodeSelector(): Record<string, string> {
    return { [SCHEDULABLE_LABEL]: "true", [HYPERVISOR_GROUP_LABEL]: this.config.prefix };
  }

  /** Registers (or updates) every hypervisor Node and its Lease. */
  async register(): Promise<void> {
    for (const name of this.names) {
      const node = await this.kube.find<{ metadata?: { name?: string; uid?: string } }>(models.Node, { name });
      const labels = { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", ...this.nodeSelector };
      const created = node ?? (await this.kube.create(models.Node, { metadata: { name, labels, annotations: { [SIMULATED_ANNOTATION]: "true" } } }));
      if (node) await this.kube.mergePatch(models.Node, { name }, { metadata: { labels, annotations: { [SIMULATED_ANNOTATION]: "true" } } });
      await this.patchStatus(name);
      await this.renewLease(name, (created as { metadata?: { uid?: string } }).metadata?.uid);
    }
    this.lastStatus = Date.now();
    this.log(`hypervisors: ${this.config.count} simulated Nodes (${this.config.prefix}-*) with ${this.config.cpu} CPUs and ${this.config.memoryGi}Gi each`);
  }

  private async patchStatus(name: string) {
    const { cpu, memoryGi, pods } = this.config;
    const resources = { cpu: String(cpu), memory: `${memoryGi}Gi`, pods: String(pods) };
    await this.kube.mergePatch(models.Node, { name }, {
      status: {
        capacity: resources, allocatable: resources,
        conditions: conditions(new Date().toISOString(), this.since),
        addresses: [{ type: "InternalIP", address: "127.0.0.1" }, { type: "Hostname", address: name }],
        nodeInfo: {
          kubeletVersion: "v0.0.0-simulated", kubeProxyVersion: "", osImage: "kMetal simulated hypervisor", operatingSystem: "linux", architecture: "amd64",
          containerRuntimeVersion: "simulated://1.0", kernelVersion: "simulated", machineID: name, systemUUID: name, bootID: this.since,
        },
      },
    }, "status");
  }

  private async renewLease(name: string, nodeUid?: string) {
    const spec = { holderIdentity: name, leaseDurationSeconds: LEASE_SECONDS, renewTime: microTime() };
    try {
      await this.kube.mergePatch(models.Lease, { name, namespace: LEASE_NS }, { spec });
    } catch (err) {
      if (!(err instanceof KubeError && err.status === 404)) throw err;
      const ownerReferences = nodeUid ? [{ apiVersion: "v1", kind: "Node", name, uid: nodeUid }] : undefined;
      await this.kube.create(models.Lease, { metadata: { name, namespace: LEASE_NS, ownerReferences }, spec } as never);
    }
  }

  /** One heartbeat: every lease, and the Node conditions when a minute has passed (or a Node went missing). */
  async heartbeat(): Promise<void> {
    const refreshStatus = Date.now() - this.lastStatus >= STATUS_EVERY_MS;
    for (const name of this.names) {
      try {
        if (refreshStatus) await this.patchStatus(name);
        await this.renewLease(name);
      } catch (err) {
        if (err instanceof KubeError && err.status === 404) await this.register().catch(() => {});
        else this.log(`hypervisors: ${name}: ${(err as Error).message.split("\n")[0]}`);
        return;
      }
    }
    if (refreshStatus) this.lastStatus = Date.now();
  }
}
