/**
 * Where a tenant's PKI lives, the way Kamaji keeps it: one Secret per certificate (or kubeconfig) named
 * `<control plane>-<suffix>`, labelled `kamaji.clastix.io/name=<control plane>` and
 * `kamaji.clastix.io/component=<suffix>`, with kubeadm's file names as data keys (clastix/kamaji
 * internal/resources/*.go, controllers/resources.go). The etcd's own serving and peer pairs are not Kamaji's
 * (the datastore's operator keeps them); the local provider stores them under the same scheme.
 */
export const CERTIFICATE_KINDS = [
  "ca", "apiserver", "apiserver-kubelet-client", "front-proxy-ca", "front-proxy-client", "service-account",
  "datastore-ca", "datastore-client", "etcd-server", "etcd-peer", "admin", "controller-manager", "scheduler",
  "user", "under-cluster-serving",
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** The kinds every tenant's PKI must have (user certificates and the under cluster's are not per tenant). */
export const TENANT_PKI_KINDS = CERTIFICATE_KINDS.filter((k) => k !== "user" && k !== "under-cluster-serving");

export const KAMAJI_NAME_LABEL = "kamaji.clastix.io/name";
export const KAMAJI_COMPONENT_LABEL = "kamaji.clastix.io/component";
export const KAMAJI_PROJECT_LABEL = "kamaji.clastix.io/project";
/** Kamaji's label on the Secrets its certificate lifecycle controller watches: "x509" or "kubeconfig". */
export const KAMAJI_LIFECYCLE_LABEL = "kamaji.clastix.io/certificate_lifecycle_controller";

export interface PkiSecretSpec {
  suffix: string;
  /** A certificate and its key, under these data keys. */
  cert?: { kind: CertificateKind; crt: string; key: string };
  /** A CA certificate (without its key) the Secret also carries. */
  ca?: { kind: CertificateKind; crt: string };
  /** A key pair with no certificate (the service-account keys). */
  keyPair?: { kind: CertificateKind; pub: string; key: string };
  /** A kubeconfig whose client certificate is the one of interest. */
  kubeconfig?: { kind: CertificateKind; file: string; also?: string[] };
  lifecycle?: "x509" | "kubeconfig";
}

export const PKI_SECRETS: readonly PkiSecretSpec[] = [
  { suffix: "ca", cert: { kind: "ca", crt: "ca.crt", key: "ca.key" } },
  { suffix: "api-server-certificate", cert: { kind: "apiserver", crt: "apiserver.crt", key: "apiserver.key" }, lifecycle: "x509" },
  { suffix: "api-server-kubelet-client-certificate", cert: { kind: "apiserver-kubelet-client", crt: "apiserver-kubelet-client.crt", key: "apiserver-kubelet-client.key" }, lifecycle: "x509" },
  { suffix: "front-proxy-ca-certificate", cert: { kind: "front-proxy-ca", crt: "front-proxy-ca.crt", key: "front-proxy-ca.key" } },
  { suffix: "front-proxy-client-certificate", cert: { kind: "front-proxy-client", crt: "front-proxy-client.crt", key: "front-proxy-client.key" }, lifecycle: "x509" },
  { suffix: "sa-certificate", keyPair: { kind: "service-account", pub: "sa.pub", key: "sa.key" } },
  // Kamaji's DataStore certificate: the etcd CA's certificate and the apiservers' client pair (as server.crt).
  { suffix: "datastore-certificate", ca: { kind: "datastore-ca", crt: "ca.crt" }, cert: { kind: "datastore-client", crt: "server.crt", key: "server.key" }, lifecycle: "x509" },
  { suffix: "datastore-server-certificate", cert: { kind: "etcd-server", crt: "server.crt", key: "server.key" } },
  { suffix: "datastore-peer-certificate", cert: { kind: "etcd-peer", crt: "peer.crt", key: "peer.key" } },
  { suffix: "admin-kubeconfig", kubeconfig: { kind: "admin", file: "admin.conf", also: ["super-admin.conf"] }, lifecycle: "kubeconfig" },
  { suffix: "controller-manager-kubeconfig", kubeconfig: { kind: "controller-manager", file: "controller-manager.conf" }, lifecycle: "kubeconfig" },
  { suffix: "scheduler-kubeconfig", kubeconfig: { kind: "scheduler", file: "scheduler.conf" }, lifecycle: "kubeconfig" },
];

/** Where the tenant CA's Secret keeps the new CA during a rotation (beside Kamaji's ca.crt and ca.key). */
export const NEXT_CA_CRT = "next-ca.crt";
export const NEXT_CA_KEY = "next-ca.key";

export const pkiSecretName = (controlPlane: string, suffix: string) => `${controlPlane}-${suffix}`;

/** Kamaji's labels for one of a control plane's PKI Secrets. */
export function pkiSecretLabels(controlPlane: string, spec: PkiSecretSpec): Record<string, string> {
  return {
    [KAMAJI_PROJECT_LABEL]: "kamaji", [KAMAJI_NAME_LABEL]: controlPlane, [KAMAJI_COMPONENT_LABEL]: spec.suffix,
    ...(spec.lifecycle ? { [KAMAJI_LIFECYCLE_LABEL]: spec.lifecycle } : {}),
  };
}

/** Which PKI Secret this is, by its component label or (a Secret labelled otherwise) by its name. */
export function pkiSecretSpec(secret: { metadata?: { name?: string; labels?: Record<string, string> } }): { controlPlane: string; spec: PkiSecretSpec } | undefined {
  const labels = secret.metadata?.labels ?? {};
  const controlPlane = labels[KAMAJI_NAME_LABEL];
  const name = secret.metadata?.name ?? "";
  if (!controlPlane) return undefined;
  const byLabel = PKI_SECRETS.find((s) => s.suffix === labels[KAMAJI_COMPONENT_LABEL]);
  const spec = byLabel ?? PKI_SECRETS.find((s) => name === pkiSecretName(controlPlane, s.suffix));
  return spec && name === pkiSecretName(controlPlane, spec.suffix) ? { controlPlane, spec } : undefined;
}

/** Kamaji's rotation request: the annotation set to "" asks for a new certificate; its operator sets it to the time of rotation. */
export const KAMAJI_ROTATE_ANNOTATION = "certs.kamaji.clastix.io/rotate";

/** The Secrets of leaf certificates (not the CAs, not the service-account keys), which a leaf rotation renews. */
export const LEAF_SECRET_SUFFIXES = PKI_SECRETS.filter((s) => !s.keyPair && s.cert?.kind !== "ca" && s.cert?.kind !== "front-proxy-ca").map((s) => s.suffix);

/** How far a requested rotation has come: Secrets asked for ("") and those done since (a timestamp). */
export function rotationProgress(annotations: readonly (string | undefined)[]): { requested: number; pending: number } {
  const asked = annotations.filter((a) => a !== undefined);
  return { requested: asked.length, pending: asked.filter((a) => a === "").length };
}
