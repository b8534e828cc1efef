/** The public shapes of a tenant control plane runtime (tenant-control-plane.ts), for its callers. */
import type { LeafPolicy } from "@/lib/certificates/renewal";
import type { Binaries } from "@/server/local/binaries";
import type { CaStep, TenantPki } from "@/server/local/tenant-pki";

export interface TenantControlPlaneOptions {
  name: string;
  /** etcd data, keys, kubeconfigs and logs; kept across restarts. Every child's command line mentions it. */
  dir: string;
  binaries: Binaries;
  /** kube-apiserver replicas behind the balancer, 1 to 3. */
  replicas: number;
  /** Reused on restart; generated (and then readable through pki()) when absent. */
  pki?: TenantPki;
  /** Balancer port to keep the endpoint stable across restarts; a free one is taken if it is busy. */
  lbPort?: number;
  /** Longest life of a certificate the controller-manager signs for a CSR (Go duration); default 24h. */
  csrSigningDuration?: string;
  /** Life of the leaf certificates issued and when they are renewed (default: 1 year, renewed at two thirds). */
  leaf?: LeafPolicy;
  log?: (line: string) => void;
  /** The step of a CA rotation asked for and not finished yet (lib/tenants/ca-rotation.ts). */
  caStep?: CaStep;
  /** Restart a process that exits unexpectedly, with backoff. */
  supervise?: boolean;
}

export interface TenantProcess { name: string; pid: number; port: number }

export interface TenantControlPlaneInfo {
  name: string;
  endpoint: string;
  lbPort: number;
  kubeconfigPath: string;
  /** https: the tenant's etcd accepts only its own CA's client certificates (pki().etcd). */
  etcdUrl: string;
  processes: TenantProcess[];
}

export interface TenantStartResult extends TenantControlPlaneInfo {
  timings: { pkiMs: number; etcdMs: number; apiserverMs: number; totalMs: number };
  /** Leaves of a stored PKI that were past their renewal time (or missing) and were issued again at this start. */
  renewed: string[];
}
