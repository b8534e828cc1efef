import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RbacObject } from "@/lib/authz/rbac";
import { ensureConsoleBuild } from "@/server/cli/console-build";
import type { ResourceModel } from "@/server/kube/models";
import { models } from "@/server/kube/models";
import { repoRoot } from "@/server/local/binaries";
import { freePort } from "@/server/local/ports";
import { createUser } from "@/server/services/users";
import { helmBinary, modelFor, RBAC_KINDS, template, uniqueBindings, type KubeDoc } from "@/deploy/helm/chart-testing";
import { freshNamespace, testGateway } from "@/test/kube";

// What the container image runs, run here (no registry is reachable, so the image itself is not built): the
// standalone output laid out as the Containerfile lays it out, read-only, started with the chart's command and
// environment as an unprivileged user, against the real local under cluster with the chart's service accounts
// and RBAC. Two stand-ins, because this is not a pod: HOSTNAME is 127.0.0.1 instead of 0.0.0.0 (servers of
// tests listen on loopback only), and KMETAL_KUBECONFIG carries the service account's token that a pod would
// find at /var/run/secrets/kubernetes.io/serviceaccount.

const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];
const admin = testGateway();
const ServiceAccount: ResourceModel = { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`standalone: ${line}`);

type Container = { command: string[]; env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string }; fieldRef?: { fieldPath: string } } }[] };
const containerOf = (docs: KubeDoc[], component: string) =>
  (docs.find((d) => d.kind === "Deployment" && d.metadata.name.endsWith(component)) as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0]!;

/** The container's environment as the kubelet would give it, from the given secrets and pod fields. */
function envOf(c: Container, secrets: Record<string, string>, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(c.env.map((e) => {
    if (e.value !== undefined) return [e.name, e.value];
    const v = e.valueFrom?.secretKeyRef ? secrets[e.valueFrom.secretKeyRef.key] : fields[e.valueFrom?.fieldRef?.fieldPath ?? ""];
    if (v === undefined) throw new Error(`no value for ${e.name}`);
    return [e.name, v];
  }));
}

let dir: string;
let app: string;
let docs: KubeDoc[];
let namespace: string;
let cleanup: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];

/** Starts `command` in the image's working directory as user 65534, with exactly `env` (plus PATH to find node). */
function runAsNobody(command: string[], env: Record<string, string>, logName: string): ChildProcess {
  const out = fs.openSync(path.join(dir, logName), "a");
  const child = spawn("setpriv", [...NOBODY, "--", ...command], { cwd: app, env: { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  children.push(child);
  return child;
}

/** A kubeconfig for the local under cluster that authenticates as a service account of the release (TokenRequest). */
async function kubeconfigFor(sa: string): Promise<string> {
  const tr = await admin.request<{ status: { token: string } }>("POST", `/api/v1/namespaces/${namespace}/serviceaccounts/${sa}/token`, {
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3600 } },
  });
  const kc = yaml.load(fs.readFileSync(inject("kubeconfigPath"), "utf8")) as { users: { name: string; user: unknown }[] };
  kc.users = kc.users.map((u) => ({ name: u.name, user: { token: tr.status.token } }));
  const file = path.join(dir, `${sa}.kubeconfig`);
  fs.writeFileSync(file, yaml.dump(kc), { mode: 0o444 });
  return file;
}

/** One console replica as the image runs it (see the first test), on a free loopback port. */
async function startConsole(authSecret: string, logName: string) {
  const port = await freePort();
  const c = containerOf(docs, "-console");
  consoleKubeconfig ??= await kubeconfigFor(docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name.endsWith("-console"))!.metadata.name);
  const env: Record<string, string> = { ...envOf(c, { AUTH_SECRET: authSecret }, {}), HOSTNAME: "127.0.0.1", PORT: String(port), KMETAL_KUBECONFIG: consoleKubeconfig };
  const t0 = Date.now();
  const server = runAsNobody(c.command, env, logName);
  const url = `http://127.0.0.1:${port}`;
  const poll = async (p: string, want: number, timeoutMs: number) => {
    for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(100)) {
      if (server.exitCode !== null) throw new Error(`the console exited (${server.exitCode}): ${fs.readFileSync(path.join(dir, logName), "utf8")}`);
      const res = await fetch(url + p, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (res?.status === want) return res;
    }
    throw new Error(`${p} did not answer ${want} within ${timeoutMs} ms: ${fs.readFileSync(path.join(dir, logName), "utf8")}`);
  };
  return { server, url, poll, env, t0 };
}
let consoleKubeconfig: string | undefined;

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code))));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-image-"));
  fs.chmodSync(dir, 0o755);
  // The image's build stage: next build (standalone output), then the command line bundled next to server.js.
  const built = await ensureConsoleBuild(path.join(dir, "next-build.log"), log);
  if (built) log(`next build took ${built.toFixed(0)}s`);
  const cli = spawnSync("npm", ["run", "-s", "build:cli"], { cwd: repoRoot(), encoding: "utf8" });
  if (cli.status !== 0) throw new Error(`npm run build:cli failed: ${cli.stderr}`);
  // The final stage: .next/standalone at /app, .next/static beside its server, all owned by root and read-only.
  app = path.join(dir, "app");
  fs.cpSync(path.join(repoRoot(), ".next", "standalone"), app, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(repoRoot(), ".next", "static"), path.join(app, ".next", "static"), { recursive: true });
  const du = spawnSync("du", ["-sm", app], { encoding: "utf8" }).stdout.split("\t")[0];
  log(`image contents (/app): ${du} MB`);
  spawnSync("chmod", ["-R", "a-w,a+rX", app]);
  // The chart's emptyDir on /app/.next/cache, writable by the pod's user only.
  fs.chmodSync(path.join(app, ".next"), 0o755);
  fs.mkdirSync(path.join(app, ".next", "cache"));
  fs.chownSync(path.join(app, ".next", "cache"), 65534, 65534);
  fs.chmodSync(path.join(app, ".next"), 0o555);

  // The release: its service accounts and RBAC, rendered by the chart (bindings renamed per run, see uniqueBindings).
  await helmBinary();
  const ns = await freshNamespace(admin, "img");
  namespace = ns.name;
  cleanup.push(ns.cleanup);
  docs = template("kmetal", namespace);
  for (const sa of docs.filter((d) => d.kind === "ServiceAccount")) await admin.create(ServiceAccount, sa as never);
  const suffix = crypto.randomBytes(3).toString("hex");
  const rbac = uniqueBindings(docs.filter((d) => RBAC_KINDS.has(d.kind)).map((d) => ({ model: d.kind, object: d }) as unknown as RbacObject), suffix);
  for (const o of rbac) {
    const model = await modelFor(admin, o.object as unknown as KubeDoc);
    await admin.apply(model, o.object as never, "kmetal-installer");
    if (o.model === "ClusterRoleBinding") cleanup.push(() => admin.delete(models.ClusterRoleBinding, { name: o.object.metadata.name }, { ignoreNotFound: true }));
  }
}, 1_800_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the image's layout, command and environment", () => {
  it("serves the console read-only as an unprivileged user: healthy, then ready against the under cluster, and /login renders", async () => {
    // The working directory really is read-only for that user.
    expect(spawnSync("setpriv", [...NOBODY, "--", "touch", path.join(app, "written")]).status).not.toBe(0);

    const { server, url, poll, env, t0 } = await startConsole(crypto.randomBytes(32).toString("base64"), "console.log");
    expect(env).toMatchObject({ NODE_ENV: "production", KMETAL_NAMESPACE: namespace });
    const live = await poll("/api/healthz", 200, 60_000);
    const tLive = Date.now() - t0;
    expect(await live.json()).toEqual({ status: "ok" });
    const ready = await poll("/api/healthz/ready", 200, 90_000);
    const tReady = Date.now() - t0;
    log(`console start to live ${tLive} ms, to ready ${tReady} ms`);
    const body = await ready.json();
    expect(body).toEqual({ ready: true, underCluster: "ready", caches: expect.objectContaining({ tenants: true, policies: true, audit: true }) });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|token|secret/i);

    const login = await fetch(`${url}/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toMatch(/<form/i);
    expect(html).toMatch(/password/i);
    expect(login.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // A static asset of the page is served from .next/static (copied beside the server, as in the image).
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(url + asset)).status).toBe(200);
    const metrics = await (await fetch(`${url}/api/healthz/metrics`)).text();
    expect(metrics).toMatch(/^kmetal_console_ready 1$/m);
    expect(metrics).toMatch(/^kmetal_watch_cache_synced\{cache="tenants"\} 1$/m);

    server.kill("SIGTERM");
    expect(await exited(server)).not.toBeNull();
  });

  it("runs `kmetal reconcile` from the same layout: it leads on its Lease, and hands it over on SIGTERM", async () => {
    const c = containerOf(docs, "-reconciler");
    const sa = docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name.endsWith("-reconciler"))!.metadata.name;
    const pod = `kmetal-reconciler-${crypto.randomBytes(3).toString("hex")}`;
    const env: Record<string, string> = { ...envOf(c, {}, { "metadata.name": pod }), KMETAL_KUBECONFIG: await kubeconfigFor(sa) };
    expect(env.KMETAL_RECONCILER_ID).toBe(pod);
    const rec = runAsNobody(c.command, env, "reconciler.log");
    const holder = async () => (await admin.find<{ spec?: { holderIdentity?: string | null } } & { metadata?: object }>(models.Lease, { name: "kmetal-reconciler", namespace }))?.spec?.holderIdentity;
    for (let i = 0; i < 600 && (await holder()) !== pod; i++) {
      if (rec.exitCode !== null) break;
      await sleep(200);
    }
    expect(await holder(), fs.readFileSync(path.join(dir, "reconciler.log"), "utf8")).toBe(pod);
    rec.kill("SIGTERM");
    expect(await exited(rec)).toBe(0);
    expect(await holder()).toBeFalsy();
    expect(fs.readFileSync(path.join(dir, "reconciler.log"), "utf8")).not.toMatch(/forbidden/i);
  });
  it("runs two console replicas as one: a session signed in on one is valid on the other", async () => {
    const secret = crypto.randomBytes(32).toString("base64");
    const [a, b] = [await startConsole(secret, "replica-a.log"), await startConsole(secret, "replica-b.log")];
    await Promise.all([a.poll("/api/healthz/ready", 200, 90_000), b.poll("/api/healthz/ready", 200, 90_000)]);
    const password = crypto.randomBytes(12).toString("base64url");
    await createUser(admin, namespace, "replica-user", password, ["platform-viewer"]);
    // The user store is watched by each replica: wait until A knows the user before signing in there.
    const cookies = new Map<string, string>();
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const at = pair!.indexOf("=");
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    };
    const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    type Session = { user?: { name?: string; roles?: string[] } } | null;
    let session = null as Session;
    for (let i = 0; i < 50 && !session?.user; i++) {
      const csrf = await fetch(`${a.url}/api/auth/csrf`, { headers: { cookie: cookie() } });
      keep(csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const signIn = await fetch(`${a.url}/api/auth/callback/credentials`, {
        method: "POST", redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
        body: new URLSearchParams({ csrfToken, username: "replica-user", password, callbackUrl: "/" }),
      });
      keep(signIn);
      session = (await (await fetch(`${a.url}/api/auth/session`, { headers: { cookie: cookie() } })).json()) as Session;
      if (!session?.user) await sleep(200);
    }
    expect(session?.user).toMatchObject({ name: "replica-user", roles: ["platform-viewer"] });
    // The same cookie, on the other replica: the same user, and a page that needs a session renders there.
    const onB = (await (await fetch(`${b.url}/api/auth/session`, { headers: { cookie: cookie() } })).json()) as Session;
    expect(onB?.user).toMatchObject({ name: "replica-user", roles: ["platform-viewer"] });
    const page = await fetch(`${b.url}/tenants`, { headers: { cookie: cookie() }, redirect: "manual" });
    expect(page.status).toBe(200);
    // Without it, B sends the browser to sign in.
    expect((await fetch(`${b.url}/tenants`, { redirect: "manual" })).status).toBeGreaterThanOrEqual(300);
    for (const r of [a, b]) r.server.kill("SIGTERM");
    await Promise.all([exited(a.server), exited(b.server)]);
  });
  it("runs two reconcilers from the same layout: the standby takes the Lease once the dead leader's lease expires", async () => {
    const c = containerOf(docs, "-reconciler");
    const sa = docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name.endsWith("-reconciler"))!.metadata.name;
    const kubeconfig = await kubeconfigFor(sa);
    const pods = ["a", "b"].map((x) => `kmetal-reconciler-${x}${crypto.randomBytes(2).toString("hex")}`);
    const procs = new Map(pods.map((pod) => [pod, runAsNobody(c.command, { ...envOf(c, {}, { "metadata.name": pod }), KMETAL_KUBECONFIG: kubeconfig }, `${pod}.log`)]));
    const holder = async () => (await admin.find<{ spec?: { holderIdentity?: string | null } } & { metadata?: object }>(models.Lease, { name: "kmetal-reconciler", namespace }))?.spec?.holderIdentity;
    let leader: string | null | undefined;
    for (let i = 0; i < 600 && !pods.includes(leader ?? ""); i++) {
      await sleep(100);
      leader = await holder();
    }
    expect(pods).toContain(leader);
    // The leader dies without handing over (a node failure): the standby waits for the lease to expire.
    const t0 = Date.now();
    procs.get(leader!)!.kill("SIGKILL");
    const standby = pods.find((p) => p !== leader)!;
    while ((await holder()) !== standby && Date.now() - t0 < 30_000) await sleep(100);
    const failoverMs = Date.now() - t0;
    log(`reconciler failover after SIGKILL of the leader: ${failoverMs} ms`);
    expect(await holder()).toBe(standby);
    // server/reconciler/leader.ts: a 10 s lease observed locally, retried every 2 s: the standby takes over
    // within 15 s of the leader's death, as the production deployment requires.
    expect(failoverMs).toBeLessThan(15_000);
    procs.get(standby)!.kill("SIGTERM");
    expect(await exited(procs.get(standby)!)).toBe(0);
  });
});
