import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { platformRbac, tenantRbac } from "@/lib/authz/rbac";
import { PKI_SECRETS, pkiSecretLabels, pkiSecretName } from "@/lib/certificates/kamaji";
import { tenantNames } from "@/lib/tenants/names";
import { models } from "@/server/kube/models";
import { installRbac } from "@/server/kube/rbac";
import { WatchCache } from "@/server/kube/watch-cache";
import { createCa, issueServingCert } from "@/server/pki/pki";
import { shapePkiSecret, type PkiSecretShape } from "@/server/pki/pki-secret-shape";
import { outcome, testGateway } from "@/test/kube";

const admin = testGateway();
const sa = `kmetal-console-${crypto.randomBytes(3).toString("hex")}`;
const consoleKube = admin.as({ user: `system:serviceaccount:kmetal-system:${sa}`, groups: ["system:serviceaccounts", "system:serviceaccounts:kmetal-system"] });
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("the console's access to a tenant's PKI Secrets on a real under cluster", () => {
  it("watches each PKI Secret by name, may ask for a leaf rotation, and reads no other Secret", async () => {
    const subject = { kind: "ServiceAccount" as const, name: sa, namespace: "kmetal-system" };
    await installRbac(admin, platformRbac("kmetal-system", subject));
    const tenant = `p${crypto.randomBytes(3).toString("hex")}`;
    const ns = tenantNames(tenant).namespace;
    await admin.create(models.Namespace, { metadata: { name: ns } });
    const caches: WatchCache<PkiSecretShape>[] = [];
    try {
      await installRbac(admin, tenantRbac(tenant, ["alice"], undefined, subject));
      const ca = await createCa(tenant);
      const serving = await issueServingCert(ca, { hosts: [] });
      const spec = PKI_SECRETS.find((s) => s.suffix === "api-server-certificate")!;
      const name = pkiSecretName(tenant, spec.suffix);
      await admin.create(models.Secret, { metadata: { name, namespace: ns, labels: pkiSecretLabels(tenant, spec) }, data: { "apiserver.crt": b64(serving.certPem), "apiserver.key": b64(serving.keyPem) } });
      await admin.create(models.Secret, { metadata: { name: "worker-join", namespace: ns }, data: { token: b64("secret") } });

      // By name (a metadata.name field selector), as the inventory's caches watch.
      const byName = new WatchCache<PkiSecretShape>(consoleKube, models.Secret, { namespace: ns, fieldSelector: `metadata.name=${name}`, transform: shapePkiSecret as never });
      caches.push(byName);
      await byName.start().waitForSync(20_000);
      expect(byName.get(name, ns)?.certificates.map((c) => c.kind)).toEqual(["apiserver"]);
      expect(JSON.stringify(byName.list())).not.toContain("PRIVATE KEY");
      // The whole namespace, another Secret by name, or a Secret elsewhere: refused by the API server itself.
      expect(await outcome(consoleKube.list(models.Secret, { namespace: ns }))).toBe(403);
      expect(await outcome(consoleKube.list(models.Secret, { namespace: ns, fieldSelector: "metadata.name=worker-join" }))).toBe(403);
      expect(await outcome(consoleKube.get(models.Secret, { name, namespace: ns }))).toBe(403);
      // A leaf rotation request: the annotation on a leaf Secret, and nothing on a CA's.
      expect(await outcome(consoleKube.mergePatch(models.Secret, { name, namespace: ns }, { metadata: { annotations: { "certs.kamaji.clastix.io/rotate": "" } } }))).toBe("ok");
      expect(await outcome(consoleKube.mergePatch(models.Secret, { name: pkiSecretName(tenant, "ca"), namespace: ns }, { metadata: { annotations: { "certs.kamaji.clastix.io/rotate": "" } } }))).toBe(403);
      await expect.poll(() => byName.get(name, ns)?.rotation).toBe("");
    } finally {
      await Promise.all(caches.map((c) => c.stop()));
      await admin.delete(models.Namespace, { name: ns }, { ignoreNotFound: true });
    }
  });
});
