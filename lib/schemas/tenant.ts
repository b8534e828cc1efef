import { z } from "zod";
import type { CaRotationStatus } from "@/lib/tenants/ca-rotation";

// The shapes of the kmetal.io/v1alpha1 Tenant and PlatformPolicy specs, shared by the wizard form, the
// routers and the reconciler. Checks that depend on live state (allowed versions, overlaps) live in
// lib/tenants/validate.ts.

export const DnsLabel = z
  .string()
  .min(1, "Required")
  .max(63, "At most 63 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Lower-case letters, digits and '-', starting and ending with a letter or digit");

export const TenantName = DnsLabel.max(40, "At most 40 characters");
export const KubernetesVersion = z.string().regex(/^v1\.\d+\.\d+$/, "A version such as v1.36.3");

export const QuotaSchema = z.object({
  vcpu: z.number().int().min(0).optional(),
  memoryGi: z.number().int().min(0).optional(),
  storageGi: z.number().int().min(0).optional(),
  workers: z.number().int().min(0).optional(),
  loadBalancers: z.number().int().min(0).optional(),
});
export type Quota = z.infer<typeof QuotaSchema>;
export const QUOTA_KEYS = ["vcpu", "memoryGi", "storageGi", "workers", "loadBalancers"] as const;

export const NetworkSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("overlay"), cidr: z.string().min(1, "Required") }),
  z.object({ mode: z.literal("vlan"), cidr: z.string().min(1, "Required"), vlanId: z.number().int().min(1).max(4094) }),
]);

export const WorkerPoolSchema = z.object({
  name: DnsLabel.max(20, "At most 20 characters"),
  replicas: z.number().int().min(0).max(100),
  vcpu: z.number().int().min(1).max(64),
  memoryGi: z.number().int().min(1).max(512),
  diskGi: z.number().int().min(10).max(4096),
  image: z.string().min(1, "Required").max(253),
});
export type WorkerPool = z.infer<typeof WorkerPoolSchema>;

/** Control-plane replicas a tenant may ask for: what the schema, the CRD and the local runtime all accept. */
export const CONTROL_PLANE_REPLICAS = { min: 1, max: 3 } as const;

export const TenantSpecSchema = z.object({
  displayName: z.string().max(120).optional(),
  owners: z.array(z.string().min(1).max(253)).max(50).optional(),
  kubernetesVersion: KubernetesVersion,
  controlPlane: z.object({ replicas: z.number().int().min(CONTROL_PLANE_REPLICAS.min).max(CONTROL_PLANE_REPLICAS.max) }).optional(),
  network: NetworkSchema,
  workerPools: z
    .array(WorkerPoolSchema)
    .min(1, "At least one worker pool")
    .max(20)
    .refine((pools) => new Set(pools.map((p) => p.name)).size === pools.length, "Pool names must be unique"),
  quota: QuotaSchema.optional(),
  addons: z.array(DnsLabel).max(50).optional(),
});
export type TenantSpec = z.infer<typeof TenantSpecSchema>;

/** How long a certificate signed by a tenant's CA for a CSR may live unless the policy says otherwise. */
export const DEFAULT_CSR_SIGNING_DURATION = "24h";
const CSR_SIGNING_MIN_MINUTES = 10; // the shortest expirationSeconds a CSR may ask for
const CSR_SIGNING_MAX_MINUTES = 8760 * 60; // the controller-manager's own default, one year

/** Minutes of a duration in the policy's form: Go duration syntax with hours and minutes ("24h", "1h30m", "90m"). */
export function durationMinutes(d: string): number | undefined {
  const m = /^(?:(\d{1,6})h)?(?:(\d{1,6})m)?$/.exec(d);
  if (!m || d === "") return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

export const CsrSigningDuration = z.string().refine((d) => {
  const min = durationMinutes(d);
  return min !== undefined && min >= CSR_SIGNING_MIN_MINUTES && min <= CSR_SIGNING_MAX_MINUTES;
}, "A duration from 10m to 8760h, such as 24h or 1h30m");

/** A threshold in Go duration syntax with hours, minutes and seconds ("720h", "90s"). */
const ThresholdDuration = z.string().regex(/^(?=\d)([0-9]{1,6}h)?([0-9]{1,6}m)?([0-9]{1,6}s)?$/, "A duration such as 720h, 30m or 90s");
export const CertificateExpirySchema = z.object({ warning: ThresholdDuration.optional(), critical: ThresholdDuration.optional() });
export type CertificateExpiry = z.infer<typeof CertificateExpirySchema>;

export const PlatformPolicySpecSchema = z.object({
  allowedVersions: z.array(KubernetesVersion).min(1),
  defaultQuota: QuotaSchema.optional(),
  maxQuota: QuotaSchema.optional(),
  mandatoryAddons: z.array(z.string()).optional(),
  allowedNetworkModes: z.array(z.enum(["overlay", "vlan"])).optional(),
  vlanRange: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
  platformCidrs: z.array(z.string()).optional(),
  /**
   * Longest life of a certificate a tenant's controller-manager signs for a CSR (`--cluster-signing-duration`).
   * Such certificates cannot be revoked short of rotating the tenant CA, so they should not outlive an account by much.
   */
  csrSigningDuration: CsrSigningDuration.optional(),
  /** When certificates of the tenant PKIs count as near their end (defaults: warning 720h, critical 168h). */
  certificateExpiry: CertificateExpirySchema.optional(),
});
export type PlatformPolicySpec = z.infer<typeof PlatformPolicySpecSchema>;

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface TenantStatus {
  phase?: "Pending" | "Provisioning" | "Ready" | "Updating" | "Degraded" | "Refused" | "Deleting";
  /** What a serving tenant is changing (phase Updating), e.g. shown as "Scaling 2/3". */
  operation?: { type: "Scaling"; readyWorkers: number; desiredWorkers: number } | { type: "Upgrading"; version: string };
  observedGeneration?: number;
  endpoint?: string;
  version?: string;
  desiredWorkers?: number;
  readyWorkers?: number;
  namespace?: string;
  conditions?: Condition[];
  steps?: { name: string; startedAt?: string; finishedAt?: string }[];
  /** Credential rotations (Gardener's layout): the tenant CA's, in phases. */
  credentials?: { rotation?: { certificateAuthorities?: CaRotationStatus } };
}

export interface TenantObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; uid?: string; generation?: number; resourceVersion?: string; deletionTimestamp?: string; finalizers?: string[]; creationTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: TenantSpec;
  status?: TenantStatus;
}

/** The wizard's form and the tenants.create input: one schema. */
export const CreateTenantSchema = TenantSpecSchema.extend({ name: TenantName });
export type CreateTenantInput = z.infer<typeof CreateTenantSchema>;

export const SetWorkerReplicasSchema = z.object({ name: TenantName, pool: DnsLabel, replicas: z.number().int().min(0).max(100) });
export const TenantRefSchema = z.object({ name: TenantName });
export const KUBECONFIG_TTLS = [1, 4, 8, 12, 24] as const;
export const KubeconfigRequestSchema = z.object({
  name: TenantName,
  ttlHours: z.number().int().refine((h) => (KUBECONFIG_TTLS as readonly number[]).includes(h), "Choose 1, 4, 8, 12 or 24 hours").default(8),
});

export const VmPowerSchema = z.object({ name: TenantName, vm: DnsLabel, action: z.enum(["start", "stop", "restart"]) });
export const UpgradeTenantSchema = z.object({ name: TenantName, version: KubernetesVersion });
/** A quota change: a number sets a value, null clears it (back to the platform default), absent keeps it. */
export const QuotaChangeSchema = z.object(Object.fromEntries(QUOTA_KEYS.map((k) => [k, z.number().int().min(0).nullable().optional()])) as Record<(typeof QUOTA_KEYS)[number], z.ZodOptional<z.ZodNullable<z.ZodNumber>>>);
export const SetQuotaSchema = z.object({ name: TenantName, quota: QuotaChangeSchema });
export type QuotaChange = z.infer<typeof QuotaChangeSchema>;

/** The quota after a change, merge-patch style: null removes a value, absent keeps it. */
export function applyQuotaChange(quota: Quota | undefined, change: QuotaChange): Quota {
  const out: Quota = { ...quota };
  for (const k of QUOTA_KEYS) {
    const v = change[k];
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Orders v1.x.y versions; an upgrade only ever goes up. */
export function compareVersions(a: string, b: string): number {
  const pa = a.slice(1).split(".").map(Number);
  const pb = b.slice(1).split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
