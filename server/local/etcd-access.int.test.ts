import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveBinaries } from "@/server/local/binaries";
import { etcdClient } from "@/server/local/etcd";
import { httpsRequest, type TlsClient } from "@/server/local/readyz";
import { TenantControlPlaneRuntime } from "@/server/local/tenant-control-plane";
import { createCa, issueClientCert } from "@/server/pki/pki";
import { b64 } from "@/server/kube/secret-data";

/** A read of every key: what anyone on the machine could do to an etcd that trusts the port. */
const RANGE = JSON.stringify({ key: b64("/"), range_end: b64("\0"), keys_only: true });

interface Target {
  url: string;
  /** The etcd's CA and client certificate: what the project's kube-apiservers present. */
  client: TlsClient;
  /** A certificate of another CA on this machine (a tenant admin's). */
  foreign: TlsClient;
  pid: number;
}

/** A plain-HTTP request: resolves with what came back, or with the error. */
async function plainHttp(url: string, init?: RequestInit): Promise<{ status?: number; body?: string; error?: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { error: String((err as Error).cause ?? err) };
  }
}

/** The TLS or connection error a request gets, or "answered <status>" if it got through. */
function tlsOutcome(url: string, client: TlsClient): Promise<string> {
  return httpsRequest(url, client, { method: "POST", body: RANGE }).then((r) => `answered ${r.status}`, (err: NodeJS.ErrnoException) => err.code ?? err.message);
}

/** The peer URL the etcd process was started with (read from its command line). */
function peerUrl(pid: number): string {
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  return args.find((a) => a.startsWith("--listen-peer-urls="))!.split("=")[1]!;
}

function checks(target: () => Target) {
  it("answers a plain-HTTP request on the client port with no data", async () => {
    const { url } = target();
    const plain = url.replace(/^https:/, "http:");
    for (const res of [await plainHttp(`${plain}/v3/kv/range`, { method: "POST", body: RANGE }), await plainHttp(`${plain}/health`)]) {
      expect(res.status === 200 || /"kvs"|"header"|"health"/.test(res.body ?? "")).toBe(false);
    }
  });

  it("refuses a TLS client without a certificate, or with another CA's certificate", async () => {
    const { url, client, foreign } = target();
    const withoutCert = await tlsOutcome(`${url}/v3/kv/range`, { caPem: client.caPem });
    expect(withoutCert).not.toMatch(/^answered/);
    expect(withoutCert).toMatch(/CERTIFICATE_REQUIRED|ECONNRESET|EPIPE/);
    const otherCa = await tlsOutcome(`${url}/v3/kv/range`, { caPem: client.caPem, certPem: foreign.certPem, keyPem: foreign.keyPem });
    expect(otherCa).toMatch(/UNKNOWN_CA|BAD_CERTIFICATE|ECONNRESET|EPIPE/);
  });

  it("grants nothing on the peer port without a certificate either", async () => {
    const { client, pid } = target();
    const peer = peerUrl(pid);
    expect(peer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await tlsOutcome(`${peer}/members`, { caPem: client.caPem })).toMatch(/CERTIFICATE_REQUIRED|ECONNRESET|EPIPE/);
    const res = await plainHttp(`${peer.replace(/^https:/, "http:")}/members`);
    expect(res.status === 200 || /peerURLs|clientURLs/.test(res.body ?? "")).toBe(false);
  });

  it("serves a client that presents the etcd's own client certificate (so the refusals above are not vacuous)", async () => {
    const { url, client } = target();
    const res = await httpsRequest(`${url}/v3/kv/range`, client, { method: "POST", body: RANGE });
    expect(res.status).toBe(200);
    const keys = ((JSON.parse(res.body) as { kvs?: { key: string }[] }).kvs ?? []).map((kv) => Buffer.from(kv.key, "base64").toString());
    expect(keys).toContain("/registry/namespaces/default");
    const health = await httpsRequest(`${url}/health`, client);
    expect(JSON.parse(health.body)).toMatchObject({ health: "true" });
  });
}

describe("the under cluster's etcd", () => {
  let under: Target;
  beforeAll(async () => {
    const e = inject("underEtcd");
    const stranger = await createCa("stranger");
    const foreign = { caPem: stranger.certPem, ...(await issueClientCert(stranger, { user: "root", groups: ["system:masters"], ttlSeconds: 600 })) };
    under = { url: e.url, client: etcdClient(e.tls), foreign, pid: e.pid };
  });
  it("listens on https", () => expect(under.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/));
  checks(() => under);
});

describe("a tenant's dedicated etcd", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-etcd-it-"));
  let runtime: TenantControlPlaneRuntime;
  let tenant: Target;
  beforeAll(async () => {
    runtime = new TenantControlPlaneRuntime({ name: "etcd-access", dir: path.join(root, "t"), binaries: await resolveBinaries(), replicas: 1 });
    const info = await runtime.start();
    const pki = runtime.pki();
    tenant = {
      url: info.etcdUrl,
      client: { caPem: pki.etcd!.ca.certPem, certPem: pki.etcd!.client.certPem, keyPem: pki.etcd!.client.keyPem },
      // The tenant admin's certificate (system:masters of the tenant CA) must not open the tenant's etcd.
      foreign: { caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem },
      pid: info.processes.find((p) => p.name === "etcd")!.pid,
    };
  });
  afterAll(async () => {
    await runtime?.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });
  it("has an etcd CA of its own, apart from the tenant CA that signs tenant users' CSRs", () => {
    expect(runtime.pki().etcd!.ca.certPem).not.toBe(runtime.pki().ca.certPem);
  });
  checks(() => tenant);
});
