import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { PKI_SECRETS, pkiSecretLabels, pkiSecretSpec } from "@/lib/certificates/kamaji";
import { buildKubeconfig } from "@/server/kube/kubeconfig";
import { shapePkiSecret } from "@/server/pki/pki-secret-shape";
import { createCa, issueClientCert, issueServingCert } from "@/server/pki/pki";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const secret = (suffix: string, data: Record<string, string>, labelled = true) => {
  const spec = PKI_SECRETS.find((s) => s.suffix === suffix)!;
  return { metadata: { name: `acme-${suffix}`, namespace: "tenant-acme", resourceVersion: "7", creationTimestamp: "2026-01-01T00:00:00Z",
    labels: labelled ? pkiSecretLabels("acme", spec) : { "kamaji.clastix.io/name": "acme" } }, type: "Opaque", data };
};

describe("shapePkiSecret", () => {
  it("keeps the public facts of a certificate and drops every byte of data", async () => {
    const ca = await createCa("acme");
    const serving = await issueServingCert(ca, { hosts: ["192.0.2.7"], ttlSeconds: 3600 });
    const shaped = shapePkiSecret(secret("api-server-certificate", { "apiserver.crt": b64(serving.certPem), "apiserver.key": b64(serving.keyPem) }));
    expect(shaped.controlPlane).toBe("acme");
    expect(shaped.certificates).toHaveLength(1);
    const c = shaped.certificates[0]!;
    expect(c).toMatchObject({ kind: "apiserver", source: "tenant-acme/acme-api-server-certificate", subject: "CN=kube-apiserver", issuer: "CN=acme-ca", keyType: "ECDSA P-256", isCa: false });
    expect(c.sans).toContain("192.0.2.7");
    expect(Date.parse(c.notAfter!) - Date.now()).toBeGreaterThan(3500_000);
    expect(shaped).not.toHaveProperty("data");
    const all = JSON.stringify(shaped);
    expect(all).not.toContain("PRIVATE KEY");
    expect(all).not.toContain(b64(serving.keyPem).slice(0, 40));
    expect(all).not.toContain("BEGIN CERTIFICATE");
  });

  it("reads the CA of the DataStore Secret, a kubeconfig's client certificate and the service-account key's age", async () => {
    const ca = await createCa("acme-etcd");
    const client = await issueClientCert(ca, { user: "kube-apiserver-etcd-client", groups: [], ttlSeconds: 600 });
    const ds = shapePkiSecret(secret("datastore-certificate", { "ca.crt": b64(ca.certPem), "server.crt": b64(client.certPem), "server.key": b64(client.keyPem) }));
    expect(ds.certificates.map((c) => [c.kind, c.isCa])).toEqual([["datastore-ca", true], ["datastore-client", false]]);

    const conf = buildKubeconfig({ cluster: "acme", server: "https://127.0.0.1:1", caPem: ca.certPem, user: "system:kube-scheduler", certPem: client.certPem, keyPem: client.keyPem });
    const sched = shapePkiSecret(secret("scheduler-kubeconfig", { "scheduler.conf": b64(conf) }, false));
    expect(sched.certificates.map((c) => c.kind)).toEqual(["scheduler"]);
    expect(JSON.stringify(sched)).not.toContain("PRIVATE KEY");

    const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    const sa = shapePkiSecret(secret("sa-certificate", { "sa.pub": b64(publicKey), "sa.key": b64(privateKey) }));
    expect(sa.certificates).toEqual([expect.objectContaining({ kind: "service-account", keyType: "ECDSA P-256", notBefore: "2026-01-01T00:00:00Z" })]);
    expect(sa.certificates[0]!.notAfter).toBeUndefined();
  });

  it("ignores a Secret that is not one of Kamaji's and a part that does not parse", () => {
    expect(shapePkiSecret({ metadata: { name: "other", namespace: "x", labels: { "kamaji.clastix.io/name": "acme" } }, data: { a: "b" } }).certificates).toEqual([]);
    expect(shapePkiSecret(secret("ca", { "ca.crt": b64("garbage") })).certificates).toEqual([]);
    expect(pkiSecretSpec({ metadata: { name: "acme-ca", labels: { "kamaji.clastix.io/name": "acme" } } })?.spec.suffix).toBe("ca");
    expect(pkiSecretSpec({ metadata: { name: "beta-ca", labels: { "kamaji.clastix.io/name": "acme" } } })).toBeUndefined();
  });
});
