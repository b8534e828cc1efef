import type { ObjectWithStatus } from "@/server/reconciler/children";

/** What the simulator reads of a virt-launcher Pod. */
export interface LauncherPod {
  metadata?: {
    name?: string; namespace?: string; uid?: string; deletionTimestamp?: string;
    labels?: Record<string, string>; ownerReferences?: { uid?: string }[];
  };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export const SIMULATOR_LABEL = "kubevirt.io/created-by-simulator";
export const launcherName = (vmi: string) => `virt-launcher-${vmi}`;

interface VmiTemplateSpec {
  domain?: { cpu?: { cores?: number }; memory?: { guest?: string }; resources?: { requests?: { cpu?: string; memory?: string } } };
}

/** The compute requests of a VMI's launcher: the domain's resource requests, else its cores and guest memory (as KubeVirt derives them). */
export function launcherRequests(vmi: ObjectWithStatus): { cpu: string; memory: string } {
  const domain = (vmi.spec as VmiTemplateSpec | undefined)?.domain;
  return {
    cpu: domain?.resources?.requests?.cpu ?? String(domain?.cpu?.cores ?? 1),
    memory: domain?.resources?.requests?.memory ?? domain?.memory?.guest ?? "1Gi",
  };
}

/**
 * The virt-launcher Pod that virt-controller creates for a VMI: in the VMI's namespace, owned by it, carrying
 * the VM's cpu and memory requests (which the ResourceQuota counts and kube-scheduler fits onto a Node), and
 * labelled as KubeVirt labels it. Its name is fixed (KubeVirt adds a random suffix) so two passes never make two.
 */
export function launcherPod(vmi: ObjectWithStatus, o: { simulator: string; nodeSelector: Record<string, string>; ip?: string; subnet?: string }) {
  const name = vmi.metadata!.name!;
  const requests = launcherRequests(vmi);
  return {
    metadata: {
      name: launcherName(name), namespace: vmi.metadata!.namespace!,
      labels: {
        ...vmi.metadata?.labels, "kubevirt.io": "virt-launcher", "kubevirt.io/created-by": vmi.metadata!.uid!, "kubevirt.io/domain": name,
        "vm.kubevirt.io/name": name, [SIMULATOR_LABEL]: o.simulator,
      },
      annotations: {
        "kubevirt.io/domain": name, "kmetal.io/simulated": "true",
        ...(o.subnet ? { "ovn.kubernetes.io/logical_switch": o.subnet } : {}),
        ...(o.ip ? { "ovn.kubernetes.io/ip_address": o.ip } : {}),
      },
      ownerReferences: [{ apiVersion: "kubevirt.io/v1", kind: "VirtualMachineInstance", name, uid: vmi.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeSelector: o.nodeSelector,
      // Nothing runs in it, so nothing needs a grace period: a delete frees the Node's capacity at once.
      terminationGracePeriodSeconds: 0,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: "Never",
      containers: [{ name: "compute", image: "kmetal.local/virt-launcher:simulated", resources: { requests, limits: requests } }],
    },
  };
}

/** The scheduler's verdict on a pod: bound to a node, unschedulable with its reason, or not decided yet. */
export function placement(pod: LauncherPod | undefined): { node: string } | { unschedulable: { reason: string; message: string } } | undefined {
  if (pod?.spec?.nodeName) return { node: pod.spec.nodeName };
  const c = pod?.status?.conditions?.find((x) => x.type === "PodScheduled" && x.status === "False");
  if (c) return { unschedulable: { reason: c.reason ?? "Unschedulable", message: c.message ?? "" } };
  return undefined;
}

/** The status a kubelet reports for a started pod (the simulator's hypervisors have none). */
export function runningPodStatus(ip: string | undefined, now = new Date().toISOString()) {
  const cond = (type: string) => ({ type, status: "True", lastTransitionTime: now });
  return {
    phase: "Running", hostIP: "127.0.0.1", startTime: now,
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    conditions: ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready", "PodScheduled"].map(cond),
    containerStatuses: [{ name: "compute", ready: true, started: true, restartCount: 0, image: "kmetal.local/virt-launcher:simulated", imageID: "", state: { running: { startedAt: now } } }],
  };
}
