import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/audit/entry";
import type { TenantObject } from "@/lib/schemas/tenant";
import { gatewayFromKubeconfig } from "@/server/kube/client";
import { models } from "@/server/kube/models";
import { resolveBinaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { CHILD_MODELS } from "@/server/reconciler/children";
import type { ListMessage } from "@/lib/live/list-diff";
import type { TenantSummary } from "@/lib/tenants/summary";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { createUser } from "@/server/services/users";
import { exited, leaseHolder, StandaloneImage, type ConsoleReplica } from "@/deploy/helm/standalone-image";
import { EventStreamClient } from "@/test/event-stream";
import { testGateway } from "@/test/kube";
import { BACKEND_HEADER, startRoundRobinProxy, type RoundRobinProxy } from "@/test/round-robin-proxy";

// Several replicas behave as one console. Two console replicas and two reconcilers, each run from the image's
// contents as the chart runs them (deploy/helm/standalone-image.ts), against the real local under cluster, with
// the local provider standing in for KubeVirt, Kube-OVN and Kamaji; the consoles behind a round-robin reverse
// proxy on loopback, as behind an ingress controller (one trusted proxy, as the chart configures by default).

const admin = testGateway();
const hex = () => crypto.randomBytes(3).toString("hex");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const figures: string[] = [];
const log = (line: string) => console.log(`failover: ${line}`);
const figure = (line: string) => (figures.push(line), log(line));

const image = new StandaloneImage(admin, log);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-failover-"));
const user = `fo-${hex()}`;
const password = crypto.randomBytes(12).toString("base64url");
const metricsToken = crypto.randomBytes(16).toString("hex");
const tenant = `fo-${hex()}`;
const POOL = "fo";
let provider: LocalProvider | undefined;
let proxy: RoundRobinProxy;
let replicas: ConsoleReplica[] = [];
const reconcilers = new Map<string, ChildProcess>();
let version: string;

beforeAll(async () => {
  // The chart as installed with a metrics token (its Secret's key "token"): /metrics needs the bearer token.
  await image.prepare("fo", { metrics: { existingSecret: "kmetal-metrics" } });
  figures.push(`image contents (/app, static assets and the bundled command line included): ${image.sizeMb} MB`);
  const binaries = await resolveBinaries();
  version = binaries.version;
  await ensurePlatformPolicy(admin, [version]);
  provider = new LocalProvider({ kube: admin, binaries, dir });
  await provider.start();
  await createUser(admin, image.namespace, user, password, ["platform-admin"]);
}, 1_800_000);

afterAll(async () => {
  // Deleted with a reconciler still running, so it tears the tenant's children down.
  await admin.delete(models.Tenant, { name: tenant }, { ignoreNotFound: true }).catch(() => {});
  if ([...reconcilers.values()].some((r) => r.exitCode === null && r.signalCode === null)) {
    for (let i = 0; i < 240 && (await admin.find(models.Tenant, { name: tenant })); i++) await sleep(250);
  }
  await proxy?.close();
  await image.close();
  await provider?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  if (figures.length) console.log(`failover figures:\n  ${figures.join("\n  ")}`);
}, 180_000);

/** A browser's cookie jar, for one origin. */
const jar = new Map<string, string>();
const keep = (res: Response) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const at = pair!.indexOf("=");
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return res;
};
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** A tRPC mutation through the proxy, as the browser sends it (same origin, the session cookie). */
async function mutate<T>(procedure: string, input: unknown): Promise<T> {
  const res = keep(await fetch(`${proxy.url}/api/trpc/${procedure}`, {
    method: "POST", body: JSON.stringify(input),
    headers: { "content-type": "application/json", origin: proxy.url, cookie: cookie() },
  }));
  const body = (await res.json()) as { result?: { data?: T }; error?: unknown };
  if (res.status !== 200) throw new Error(`${procedure} answered ${res.status}: ${JSON.stringify(body.error)}`);
  return body.result?.data as T;
}

/** One password sign-in through the proxy; returns Auth.js's code from the redirect ("credentials", "rate_limited") or "ok". */
async function signIn(username: string, pass: string, csrfToken: string, cookies = cookie()): Promise<{ code: string; backend: string }> {
  const res = await fetch(`${proxy.url}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ csrfToken, username, password: pass, callbackUrl: "/" }),
  });
  const location = new URL(res.headers.get("location") ?? "/", proxy.url);
  return { code: location.searchParams.get("error") ? location.searchParams.get("code") ?? "?" : (keep(res), "ok"), backend: res.headers.get(BACKEND_HEADER)! };
}

const csrf = async () => ((await keep(await fetch(`${proxy.url}/api/auth/csrf`, { headers: { cookie: cookie() } })).json()) as { csrfToken: string }).csrfToken;

describe("two console replicas and two reconcilers of the image, behind a round-robin proxy", () => {
  it("start, and serve one session on either replica; sign-in failures count on each replica alone", async () => {
    const secrets = { AUTH_SECRET: crypto.randomBytes(32).toString("base64"), token: metricsToken };
    replicas = await Promise.all(["a", "b"].map((x) => image.startConsole(secrets, `console-${x}.log`)));
    await Promise.all(replicas.map(async (r, i) => {
      await r.poll("/api/healthz/ready", 200, 90_000);
      figure(`console ${"ab"[i]} start to ready: ${Date.now() - r.t0} ms`);
    }));
    for (const pod of ["a", "b"].map((x) => `kmetal-reconciler-${x}${hex()}`)) reconcilers.set(pod, await image.startReconciler(pod));
    proxy = await startRoundRobinProxy(() => replicas.map((r) => r.port));

    // Sign in through the proxy; then every request, on whichever replica, knows the session.
    expect((await signIn(user, password, await csrf())).code).toBe("ok");
    const served = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = keep(await fetch(`${proxy.url}/api/auth/session`, { headers: { cookie: cookie() } }));
      expect(((await res.json()) as { user?: { name?: string } } | null)?.user?.name).toBe(user);
      served.add(res.headers.get(BACKEND_HEADER)!);
    }
    expect([...served].sort()).toEqual(replicas.map((r) => String(r.port)).sort());
    for (const r of replicas) {
      const page = await fetch(`${r.url}/tenants`, { headers: { cookie: cookie() }, redirect: "manual" });
      expect(page.status).toBe(200);
    }
    // /metrics (what the chart's ServiceMonitor scrapes) with the token from the chart's Secret, and only with it.
    expect((await fetch(`${proxy.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^# TYPE \w+/m);

    // The sign-in limits are per replica (README, "Several replicas"): with two replicas taking turns, a user
    // name from one address gets 5 failures on each, 10 in all, and then none on either.
    const guessed = `nobody-${hex()}`;
    const token = await csrf();
    const tries: { code: string; backend: string }[] = [];
    for (let i = 0; i < 12; i++) tries.push(await signIn(guessed, "wrong-password", token));
    expect(tries.map((t) => t.code)).toEqual([...Array<string>(10).fill("credentials"), "rate_limited", "rate_limited"]);
    expect(new Set(tries.slice(10).map((t) => t.backend)).size).toBe(2);
    figure(`sign-in failures allowed for one user name from one address: ${tries.filter((t) => t.code === "credentials").length} (5 per replica × 2)`);
  });

  it("keeps a live view going when its replica is killed, and finishes a tenant when the leading reconciler is killed", { timeout: 240_000 }, async () => {
    expect(replicas).toHaveLength(2);
    // The live view of the tenant list, through the proxy: the full list on every (re)connection.
    const view = new EventStreamClient(`${proxy.url}/api/trpc/tenants.watchList`, () => ({ cookie: cookie() })).start();
    // Each connection's first message is the whole list; later ones carry only the rows that changed.
    const message = (e: { data: string }) => JSON.parse(e.data) as ListMessage<TenantSummary>;
    const row = (e: { data: string }) => {
      const m = message(e);
      return (m.kind === "full" ? m.rows : m.upserts).find((t) => t.name === tenant);
    };
    await view.waitFor((e) => e.type === "message", 30_000);
    expect(view.retryMs).toBe(1_000);

    await mutate("tenants.create", {
      name: tenant, owners: [], kubernetesVersion: version,
      network: { mode: "overlay", cidr: `10.${150 + crypto.randomInt(40)}.${crypto.randomInt(256)}.0/24` },
      workerPools: [{ name: POOL, replicas: 2, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
    });
    await view.waitFor((e) => e.type === "message" && !!row(e), 15_000);

    // Provisioning has begun (the Subnet is written before the control plane is up, the VMs after).
    for (let i = 0; i < 600 && !(await admin.find(models.Subnet, { name: `kmetal-${tenant}` })); i++) await sleep(50);
    const leader = await leaseHolder(admin, image.namespace);
    expect([...reconcilers.keys()]).toContain(leader);
    const standby = [...reconcilers.keys()].find((p) => p !== leader)!;

    // Kill the replica that serves the live view.
    const streamConn = view.connections.length - 1;
    const killed = replicas.find((r) => String(r.port) === view.connections[streamConn]!.backend)!;
    const survivor = replicas.find((r) => r !== killed)!;
    expect(killed).toBeDefined();
    const tKill = Date.now();
    killed.server.kill("SIGKILL");
    await exited(killed.server);
    // Kill the leading reconciler in the middle of its work: no VM yet.
    const tLeaderKill = Date.now();
    reconcilers.get(leader!)!.kill("SIGKILL");
    await exited(reconcilers.get(leader!)!);
    const vmsAtKill = (await admin.list(models.VirtualMachine, { namespace: `tenant-${tenant}` })).items.length;
    expect(vmsAtKill).toBe(0);

    // A change while the view is down, through the proxy (which skips the dead replica).
    await mutate("tenants.setWorkerReplicas", { name: tenant, pool: POOL, replicas: 3 });
    const tChange = Date.now();

    // The view is back, from the other replica, within 5 s; its first list already holds the change.
    const back = await view.waitFor((e) => e.type === "message" && e.connection > streamConn, 10_000);
    const failoverMs = back.at - tKill;
    figure(`live view: replica killed → full list from the other replica after ${failoverMs} ms (change made ${tChange - tKill} ms after the kill)`);
    expect(failoverMs).toBeLessThan(5_000);
    expect(view.connections[back.connection]!.backend).toBe(String(survivor.port));
    expect(message(back).kind).toBe("full");
    expect(row(back)?.desiredWorkers).toBe(3);

    // The standby takes the Lease within 15 s of the leader's death, and finishes the tenant.
    while ((await leaseHolder(admin, image.namespace)) !== standby && Date.now() - tLeaderKill < 30_000) await sleep(100);
    const takeoverMs = Date.now() - tLeaderKill;
    figure(`reconciler: leader killed → standby holds the Lease after ${(takeoverMs / 1000).toFixed(1)} s`);
    expect(await leaseHolder(admin, image.namespace)).toBe(standby);
    expect(takeoverMs).toBeLessThan(15_000);
    const phase = async () => (await admin.find<TenantObject & { metadata: object }>(models.Tenant, { name: tenant }))?.status;
    await expect.poll(async () => { const s = await phase(); return s?.phase === "Ready" && s.readyWorkers === 3; }, { timeout: 120_000, interval: 500 }).toBe(true);
    figure(`reconciler: leader killed → tenant Ready (3 workers) after ${((Date.now() - tLeaderKill) / 1000).toFixed(1)} s`);
    // The live view saw it all: its latest list has the tenant Ready with the 3 workers.
    await view.waitFor((e) => e.type === "message" && row(e)?.phase === "Ready" && row(e)?.readyWorkers === 3, 15_000);
    view.close();

    // Exactly one of each child: as many VMs as the pool asks for, one network, one control plane, one join token.
    const ns = `tenant-${tenant}`;
    const count = async (m: (typeof CHILD_MODELS)[number]) => (await admin.list<{ metadata: { name: string } }>(models[m], { labelSelector: `kmetal.io/tenant=${tenant}` })).items.map((o) => o.metadata.name).sort();
    expect(await count("VirtualMachine")).toEqual([0, 1, 2].map((i) => `${POOL}-${i}`));
    for (const m of ["Vpc", "Subnet", "DataStore", "TenantControlPlane", "Namespace", "ResourceQuota"] as const) expect(await count(m), m).toHaveLength(1);
    const adminConf = await admin.get<V1Secret>(models.Secret, { name: `${tenant}-admin-kubeconfig`, namespace: ns });
    const inTenant = gatewayFromKubeconfig(Buffer.from(adminConf.data!["admin.conf"]!, "base64").toString());
    expect((await inTenant.list(models.Secret, { namespace: "kube-system", labelSelector: "kmetal.io/join-token=true" })).items).toHaveLength(1);
    expect((await inTenant.list<{ metadata: { name: string } }>(models.Node)).items.map((n) => n.metadata.name).sort()).toEqual([0, 1, 2].map((i) => `${POOL}-${i}`));

    // The console's service account was granted the tenant's CA by the reconciler (the chart names it): the
    // surviving replica issues a kubeconfig.
    const issued = await mutate<{ kubeconfig: string }>("tenants.kubeconfig", { name: tenant, ttlHours: 1 });
    expect(issued.kubeconfig).toMatch(/server: https:\/\/127\.0\.0\.1:\d+/);

    // Each change was audited once, by the replica that made it.
    const records = (await admin.list<{ spec: AuditEntry }>(models.AuditRecord)).items.map((r) => r.spec).filter((e) => e.user === user);
    const once = (action: string) => records.filter((e) => e.action === action && e.result === "success");
    expect(once("tenants.create").map((e) => e.tenant)).toEqual([tenant]);
    expect(once("tenants.setWorkerReplicas").map((e) => e.tenant)).toEqual([tenant]);
    expect(once("auth.signIn")).toHaveLength(1);
    expect(once("tenants.create")[0]!.sourceIp).toBe("127.0.0.1");
    expect(image.logOf(`${standby}.log`)).not.toMatch(/forbidden/i);
  });
});
