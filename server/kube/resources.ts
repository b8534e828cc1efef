import "server-only";
import type { TenantObject } from "@/lib/schemas/tenant";
import type { AuditEntry } from "@/lib/audit/entry";
import type { CrdObject } from "@/server/kube/crds";

// The typed shapes of the objects the console reads from its watch caches: only the fields it uses, named as
// the upstream APIs (KubeVirt, Kube-OVN, core) name them, so services never cast.

interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type TenantResource = TenantObject & { metadata: { name: string } };

export interface PolicyResource {
  metadata?: Meta;
  spec?: unknown;
}

export interface VirtualMachineResource {
  metadata?: Meta;
  spec?: {
    runStrategy?: string;
    template?: { metadata?: { annotations?: Record<string, string> }; spec?: { domain?: { cpu?: { cores?: number }; memory?: { guest?: string } } } };
  };
  status?: { ready?: boolean; printableStatus?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface VirtualMachineInstanceResource {
  metadata?: Meta;
  status?: { phase?: string; interfaces?: { ipAddress?: string }[]; nodeName?: string };
}

export interface SubnetResource {
  metadata?: Meta;
  spec?: { gateway?: string; cidrBlock?: string; vpc?: string };
  status?: { v4usingIPs?: number; v4availableIPs?: number; conditions?: { type: string; status: string }[] };
}

export interface EventResource {
  metadata?: Meta;
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
}

/** A cross-tenant path accepted on purpose (deploy/crds/kmetal/kmetal.io_policyexceptions.yaml). */
export interface PolicyExceptionResource {
  metadata?: Meta;
  spec: { from: string; to: string; reason: string; expires?: string; who: string };
}

export interface AuditResource {
  metadata?: Meta;
  spec: AuditEntry;
}

/** The tenant namespace's ResourceQuota: `status` is kube-controller-manager's report. */
export interface ResourceQuotaResource {
  metadata?: Meta;
  spec?: { hard?: Record<string, string> };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export interface ServiceResource {
  metadata?: Meta;
  spec?: { type?: string };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface NodeResource {
  metadata?: Meta;
  spec?: { unschedulable?: boolean };
  status?: { allocatable?: Record<string, string>; capacity?: Record<string, string>; conditions?: { type: string; status: string }[] };
}

/** A virt-launcher Pod: where the scheduler put a VM, and what it requests there. */
export interface LauncherPodResource {
  metadata?: Meta;
  spec?: { nodeName?: string; containers?: { resources?: { requests?: Record<string, string> } }[] };
  status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export type { CrdObject };
