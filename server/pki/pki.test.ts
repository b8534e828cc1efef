import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { certNotAfter, createCa, issueClientCert, issueServingCert, type CertKeyPair } from "@/server/pki/pki";
// After pki.ts, which loads the Reflect polyfill @peculiar/x509 needs; node:crypto shows no key-usage bits.
import * as px from "@peculiar/x509";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const x = (pem: string) => new X509Certificate(pem);
const samePublicKey = (cert: CertKeyPair) =>
  createPublicKey(createPrivateKey(cert.keyPem)).export({ type: "spki", format: "pem" }) ===
  x(cert.certPem).publicKey.export({ type: "spki", format: "pem" });

describe("tenant PKI", () => {
  let caA: CertKeyPair;
  let caB: CertKeyPair;
  beforeAll(async () => {
    [caA, caB] = await Promise.all([createCa("tenant-a"), createCa("tenant-b")]);
  });

  it("makes a self-signed CA with CN=<tenant>-ca, valid about 10 years, and a PKCS#8 EC key", () => {
    const ca = x(caA.certPem);
    expect(ca.subject).toBe("CN=tenant-a-ca");
    expect(ca.issuer).toBe("CN=tenant-a-ca");
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(caA.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPrivateKey(caA.keyPem).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(samePublicKey(caA)).toBe(true);
    const years = (certNotAfter(caA.certPem).getTime() - Date.now()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    const parsed = new px.X509Certificate(caA.certPem);
    const bc = parsed.getExtension(px.BasicConstraintsExtension)!;
    expect([bc.ca, bc.critical]).toEqual([true, true]);
    const ku = parsed.getExtension(px.KeyUsagesExtension)!;
    expect(ku.usages).toBe(px.KeyUsageFlags.keyCertSign | px.KeyUsageFlags.cRLSign | px.KeyUsageFlags.digitalSignature);
  });

  it("issues a serving cert with serverAuth and the loopback, service-IP and kubernetes.* SANs", async () => {
    const serving = await issueServingCert(caA, { hosts: ["192.0.2.10", "api.tenant-a.example"] });
    const cert = x(serving.certPem);
    expect(cert.subject).toBe("CN=kube-apiserver");
    expect(cert.issuer).toBe("CN=tenant-a-ca");
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    const sans = cert.subjectAltName!.split(", ");
    expect(sans).toEqual(expect.arrayContaining([
      "IP Address:192.0.2.10", "DNS:api.tenant-a.example", "IP Address:127.0.0.1", "IP Address:10.96.0.1",
      "DNS:localhost", "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
      "DNS:kubernetes.default.svc.cluster.local",
    ]));
    expect(new Set(sans).size).toBe(sans.length);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkHost("kubernetes.default.svc")).toBe("kubernetes.default.svc");
    expect(cert.verify(x(caA.certPem).publicKey)).toBe(true);
    expect(samePublicKey(serving)).toBe(true);
  });

  it("issues a client cert: CN is the user, one O per group, clientAuth only, short-lived", async () => {
    const client = await issueClientCert(caA, { user: "alice", groups: ["system:masters", "team-x"], ttlSeconds: 900 });
    const cert = x(client.certPem);
    expect(cert.subject.split("\n").sort()).toEqual(["CN=alice", "O=system:masters", "O=team-x"]);
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBeUndefined();
    expect(client.notAfter.getTime()).toBe(certNotAfter(client.certPem).getTime());
    const ttl = (client.notAfter.getTime() - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(880);
    expect(ttl).toBeLessThanOrEqual(900);
    expect(samePublicKey(client)).toBe(true);
  });

  it("signs client certs that verify against their tenant's CA and not against another tenant's", async () => {
    const client = await issueClientCert(caA, { user: "tenant-a-admin", groups: ["system:masters"], ttlSeconds: 3600 });
    expect(x(client.certPem).verify(x(caA.certPem).publicKey)).toBe(true);
    expect(x(client.certPem).verify(x(caB.certPem).publicKey)).toBe(false);
    expect(x(client.certPem).checkIssued(x(caA.certPem))).toBe(true);
    expect(x(client.certPem).checkIssued(x(caB.certPem))).toBe(false);
  });

  it("makes a new key pair for every client cert", async () => {
    const opts = { user: "bob", groups: [], ttlSeconds: 60 };
    const [one, two] = await Promise.all([issueClientCert(caB, opts), issueClientCert(caB, opts)]);
    expect(one.keyPem).not.toBe(two.keyPem);
    expect(x(one.certPem).serialNumber).not.toBe(x(two.certPem).serialNumber);
    expect(x(one.certPem).subject).toBe("CN=bob");
  });
});
