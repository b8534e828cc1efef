import "server-only";
import yaml from "js-yaml";
import { b64 } from "@/server/kube/secret-data";

export interface KubeconfigSpec {
  /** Name of the cluster entry (and of the context, unless `context` is given). */
  cluster: string;
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
  user: string;
  /** Either a bearer token or a client certificate and key (PEM). */
  token?: string;
  certPem?: string;
  keyPem?: string;
  context?: string;
  namespace?: string;
}

/**
 * A kubeconfig as YAML, written by a YAML library: names come from users and single sign-on claims and may
 * hold any character (`,{}:#&*!|>'"%@`, leading spaces, "null", "2024"), which string templates get wrong.
 */
export function buildKubeconfig(s: KubeconfigSpec): string {
  const context = s.context ?? s.cluster;
  const user: Record<string, string> = s.token
    ? { token: s.token }
    : { "client-certificate-data": b64(s.certPem ?? ""), "client-key-data": b64(s.keyPem ?? "") };
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: s.cluster, cluster: { server: s.server, "certificate-authority-data": b64(s.caPem) } }],
    users: [{ name: s.user, user }],
    contexts: [{ name: context, context: { cluster: s.cluster, user: s.user, ...(s.namespace ? { namespace: s.namespace } : {}) } }],
    "current-context": context,
  };
  return yaml.dump(doc, { noRefs: true, lineWidth: -1, quotingType: '"' });
}

/** The client certificate and key (PEM) of a kubeconfig's current context, when it authenticates with one. */
export function kubeconfigClientCert(text: string): { certPem: string; keyPem?: string } | undefined {
  type Doc = { "current-context"?: string; contexts?: { name: string; context?: { user?: string } }[]; users?: { name: string; user?: Record<string, string> }[] };
  let doc: Doc | undefined;
  try {
    doc = yaml.load(text) as Doc;
  } catch {
    return undefined; // not YAML: no certificate to show
  }
  const userName = doc?.contexts?.find((c) => c.name === doc?.["current-context"])?.context?.user;
  const user = (doc?.users?.find((u) => u.name === userName) ?? doc?.users?.[0])?.user;
  const cert = user?.["client-certificate-data"];
  if (!cert) return undefined;
  const key = user["client-key-data"];
  return { certPem: Buffer.from(cert, "base64").toString("utf8"), keyPem: key ? Buffer.from(key, "base64").toString("utf8") : undefined };
}
