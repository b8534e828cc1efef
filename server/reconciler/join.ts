import "server-only";
import crypto from "node:crypto";
import type { V1Secret } from "@kubernetes/client-node";
import { caOfKubeconfig, gatewayFromKubeconfig } from "@/server/kube/client";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { b64, unb64 } from "@/server/kube/secret-data";
import { JOIN_SECRET, MANAGED_BY } from "@/lib/tenants/names";
import { CA_GENERATION } from "@/lib/tenants/ca-rotation";
import type { WriteGate } from "@/server/reconciler/act";


/** `namespace`: the tenant namespace, which names the write (so a crash point is one tenant's). */
async function createToken(tenant: KubeGateway, gate: WriteGate, namespace: string): Promise<{ id: string; secret: string }> {
  const id = crypto.randomBytes(3).toString("hex");
  const secret = crypto.randomBytes(8).toString("hex");
  const expiration = new Date(Date.now() + 24 * 3600_000).toISOString();
  gate.before(`join-token ${namespace}`);
  await tenant.create<V1Secret>(models.Secret, {
    metadata: { name: `bootstrap-token-${id}`, namespace: "kube-system", labels: { "kmetal.io/join-token": "true" } },
    type: "bootstrap.kubernetes.io/token",
    data: {
      "token-id": b64(id), "token-secret": b64(secret), expiration: b64(expiration),
      "usage-bootstrap-authentication": b64("true"), "usage-bootstrap-signing": b64("true"),
      "auth-extra-groups": b64("system:bootstrappers:kubeadm:default-node-token"),
    },
  });
  gate.after(`join-token ${namespace}`);
  return { id, secret };
}

/**
 * Makes sure the tenant namespace holds the cloud-init user data that joins a worker VM to the tenant
 * cluster: a kubeadm bootstrap token created in the tenant's own API server, and the hash of the tenant
 * CA for discovery. Created once; the token lives 24 h (renewed by a later run if the secret is removed). The
 * CA it pins is the one of `caGeneration` (the last completed CA rotation): after the next, it is made again.
 */
export async function ensureJoinSecret(kube: KubeGateway, namespace: string, endpoint: string, adminSecretName: string, gate: WriteGate, caGeneration?: string): Promise<void> {
  if (await kube.find<V1Secret>(models.Secret, { name: JOIN_SECRET, namespace })) return;
  const admin = await kube.get<V1Secret>(models.Secret, { name: adminSecretName, namespace });
  const kubeconfig = Buffer.from(admin.data?.["admin.conf"] ?? "", "base64").toString("utf8");
  const tenant = gatewayFromKubeconfig(kubeconfig);
  // Reuse a token made by an earlier run that crashed before writing the join secret: no orphans.
  const earlier = (await tenant.list<V1Secret>(models.Secret, { namespace: "kube-system", labelSelector: "kmetal.io/join-token=true" })).items[0];
  const token = earlier?.data ? { id: unb64(earlier.data["token-id"]), secret: unb64(earlier.data["token-secret"]) } : await createToken(tenant, gate, namespace);
  const ca = new crypto.X509Certificate(caOfKubeconfig(kubeconfig));
  const caHash = crypto.createHash("sha256").update(ca.publicKey.export({ type: "spki", format: "der" })).digest("hex");
  const host = endpoint.replace(/^https:\/\//, ""); // Kamaji reports host:port
  const userData = [
    "#cloud-config",
    "runcmd:",
    `  - kubeadm join ${host} --token ${token.id}.${token.secret} --discovery-token-ca-cert-hash sha256:${caHash}`,
    "",
  ].join("\n");
  gate.before(`join-secret ${namespace}`);
  try {
    await kube.create<V1Secret>(models.Secret, {
      metadata: { name: JOIN_SECRET, namespace, labels: { ...MANAGED_BY }, ...(caGeneration ? { annotations: { [CA_GENERATION]: caGeneration } } : {}) },
      type: "Opaque",
      data: { userdata: b64(userData) },
    });
  } catch (err) {
    if (!(err instanceof KubeError && err.status === 409)) throw err;
  }
  gate.after(`join-secret ${namespace}`);
}
