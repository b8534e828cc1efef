import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ALL_LEAVES, completeTenantPki } from "@/server/local/tenant-pki";
import { describeCertificate } from "@/server/pki/pki";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenant-pki-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("completeTenantPki", () => {
  it("makes the whole PKI once, then returns the stored object while nothing is due", async () => {
    const first = await completeTenantPki("acme", dir, undefined);
    const p = first.pki;
    for (const part of [p.ca, p.serving, p.admin, p.kubeletClient, p.frontProxyCa, p.frontProxyClient, p.controllerManager, p.scheduler, p.etcd?.ca, p.etcd?.client, p.etcd?.server, p.etcd?.peer]) {
      expect(part?.certPem).toContain("BEGIN CERTIFICATE");
    }
    expect(p.sa?.publicPem).toContain("PUBLIC KEY");
    expect(describeCertificate(p.frontProxyClient!.certPem).issuer).toBe("CN=acme-front-proxy-ca");
    expect(describeCertificate(p.kubeletClient!.certPem).subject).toBe("O=kubeadm:cluster-admins, CN=kube-apiserver-kubelet-client");
    const again = await completeTenantPki("acme", dir, p);
    expect(again.pki).toBe(p);
    expect(again.issued).toEqual([]);
  });

  it("issues a forced leaf again from the same CA and leaves the rest alone", async () => {
    const { pki } = await completeTenantPki("acme", dir, undefined);
    const { pki: next, issued } = await completeTenantPki("acme", dir, pki, undefined, ["serving", "etcd.peer"]);
    expect(issued.sort()).toEqual(["etcd.peer", "serving"]);
    expect(next.serving.certPem).not.toBe(pki.serving.certPem);
    expect(next.etcd!.peer!.certPem).not.toBe(pki.etcd!.peer!.certPem);
    expect(next.ca).toBe(pki.ca);
    expect(next.admin).toBe(pki.admin);
    expect(describeCertificate(next.serving.certPem).issuer).toBe(describeCertificate(pki.ca.certPem).subject);
  });

  it("renews every leaf past its renewal time, never a CA or the service-account keys", async () => {
    const leaf = { ttlSeconds: 1, renewFraction: 0.5 };
    const { pki } = await completeTenantPki("short", dir, undefined, leaf);
    expect(Date.parse(describeCertificate(pki.admin.certPem).notAfter) - Date.now()).toBeLessThanOrEqual(1_000);
    await new Promise((r) => setTimeout(r, 700));
    const { pki: next, issued } = await completeTenantPki("short", dir, pki, leaf);
    expect(issued.sort()).toEqual([...ALL_LEAVES].sort());
    expect(next.ca).toBe(pki.ca);
    expect(next.frontProxyCa).toBe(pki.frontProxyCa);
    expect(next.etcd!.ca).toBe(pki.etcd!.ca);
    expect(next.sa).toBe(pki.sa);
  });
});
