import type { V1Secret } from "@kubernetes/client-node";
import path from "node:path";
import type { LeafPolicy } from "@/lib/certificates/renewal";
import { DEFAULT_CSR_SIGNING_DURATION, type PlatformPolicySpec } from "@/lib/schemas/tenant";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";
import type { Binaries } from "@/server/local/binaries";
import { ControlPlaneManager } from "@/server/local/provider/control-planes";
import { syncNetworkStatus } from "@/server/local/provider/network-sim";
import { HypervisorSimulator, type HypervisorConfig } from "@/server/local/provider/hypervisors";
import { SIMULATOR_LABEL, type LauncherPod } from "@/server/local/provider/launcher-pods";
import { VmSimulator } from "@/server/local/provider/vm-sim";
import type { ObjectWithStatus } from "@/server/reconciler/children";

export interface LocalProviderOptions {
  kube: KubeGateway;
  binaries: Binaries;
  /** Where tenant control planes keep their data (etcd, keys, logs). */
  dir: string;
  log?: (line: string) => void;
  /** Life and renewal point of the leaf certificates of tenant control planes (default: 1 year, renewed at two thirds). */
  leaf?: LeafPolicy;
  /** The simulated hypervisor Nodes of the under cluster (count and size); defaults in DEFAULT_HYPERVISORS. */
  hypervisors?: Partial<HypervisorConfig>;
  /**
   * The `app.kubernetes.io/managed-by` value of the objects this provider serves, also its VMIs' and pods'
   * `kubevirt.io/created-by-simulator` label (default "kmetal"): lets several providers share one API server.
   */
  instance?: string;
}

/**
 * The local infrastructure provider of the embedded mode: plays the operators that cannot run here.
 * Kamaji's part is real (processes); KubeVirt's and Kube-OVN's parts are simulated and say so.
 */
export class LocalProvider {
  private readonly caches: Record<"tcps" | "vms" | "vmis" | "vpcs" | "subnets", WatchCache<ObjectWithStatus>>;
  private readonly controlPlanes: ControlPlaneManager;
  private readonly vmSim: VmSimulator;
  private readonly secrets: WatchCache<V1Secret>;
  private readonly pods: WatchCache<LauncherPod>;
  readonly hypervisors: HypervisorSimulator;
  /** The platform policy: its CSR signing bound goes to every tenant's controller-manager. */
  private readonly policy: WatchCache<{ metadata?: { name?: string }; spec?: PlatformPolicySpec }>;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private syncing = false;
  private again = false;
  private stopped = false;
  private readonly log: (l: string) => void;

  constructor(private readonly opts: LocalProviderOptions) {
    const { kube } = opts;
    this.log = opts.log ?? (() => {});
    const instance = opts.instance ?? "kmetal";
    const selector = { labelSelector: `app.kubernetes.io/managed-by=${instance}` };
    this.caches = {
      tcps: new WatchCache(kube, models.TenantControlPlane, selector),
      vms: new WatchCache(kube, models.VirtualMachine, selector),
      vmis: new WatchCache(kube, models.VirtualMachineInstance, { labelSelector: `${SIMULATOR_LABEL}=${instance}` }),
      vpcs: new WatchCache(kube, models.Vpc, selector),
      subnets: new WatchCache(kube, models.Subnet, selector),
    };
    this.policy = new WatchCache(kube, models.PlatformPolicy, {});
    const csrSigningDuration = () => this.policy.get("platform")?.spec?.csrSigningDuration ?? DEFAULT_CSR_SIGNING_DURATION;
    // The tenants' Kamaji-style Secrets: the admin kubeconfigs the simulated kubelets use, and rotation requests.
    this.secrets = new WatchCache<V1Secret>(kube, models.Secret, { labelSelector: "kamaji.clastix.io/name" });
    this.controlPlanes = new ControlPlaneManager(kube, this.caches.tcps, opts.binaries, path.join(opts.dir), this.log, csrSigningDuration, opts.leaf, this.secrets);
    this.pods = new WatchCache<LauncherPod>(kube, models.Pod, { labelSelector: `kubevirt.io=virt-launcher,${SIMULATOR_LABEL}=${instance}` });
    this.hypervisors = new HypervisorSimulator(kube, opts.hypervisors, this.log);
    this.vmSim = new VmSimulator(kube, this.caches.vms, this.caches.vmis, this.caches.tcps, this.caches.subnets, this.secrets, this.pods,
      { simulator: instance, nodeSelector: this.hypervisors.nodeSelector }, this.log);
  }

  async start(): Promise<void> {
    await this.hypervisors.register();
    const all = [...Object.values(this.caches), this.secrets, this.policy, this.pods] as WatchCache<{ metadata?: { name?: string } }>[];
    for (const c of all) {
      c.subscribe((ev) => ev.type !== "STATE" && this.schedule());
      c.start();
    }
    await Promise.all(all.map((c) => c.waitForSync(60_000)));
    this.schedule();
    // A periodic pass repairs anything an event did not cover; heartbeats keep tenant Nodes Ready.
    this.timer = setInterval(() => this.schedule(), 10_000);
    this.heartbeat = setInterval(() => void Promise.all([this.vmSim.heartbeat(), this.hypervisors.heartbeat()]), 10_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.heartbeat);
    await Promise.all([...Object.values(this.caches), this.secrets, this.policy, this.pods].map((c) => c.stop()));
    await this.controlPlanes.stopAll();
  }

  /** Coalesces bursts of events into one pass at a time. */
  private schedule() {
    if (this.stopped) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    void this.pass().finally(() => {
      this.syncing = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  private async pass() {
    try {
      this.controlPlanes.sync();
      await syncNetworkStatus(this.opts.kube, this.caches.vpcs, this.caches.subnets, (s) => this.vmSim.usedIps(s));
      await this.vmSim.sync();
    } catch (err) {
      this.log(`local provider: ${(err as Error).message.split("\n")[0]}`);
    }
  }
}
