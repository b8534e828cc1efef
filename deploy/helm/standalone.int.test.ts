import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/server/services/users";
import { exited, leaseHolder, NOBODY, StandaloneImage } from "@/deploy/helm/standalone-image";
import { testGateway } from "@/test/kube";

// What the container image runs, run here (see deploy/helm/standalone-image.ts): the standalone output laid out
// as the Containerfile lays it out, read-only, started with the chart's command and environment as an
// unprivileged user, against the real local under cluster with the chart's service accounts and RBAC.

const admin = testGateway();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`standalone: ${line}`);
const image = new StandaloneImage(admin, log);
let namespace: string;
const startConsole = (authSecret: string, logName: string) => image.startConsole({ AUTH_SECRET: authSecret }, logName);

beforeAll(async () => {
  await image.prepare("img");
  namespace = image.namespace;
}, 1_800_000);

afterAll(async () => {
  await image.close();
});

describe("the image's layout, command and environment", () => {
  it("serves the console read-only as an unprivileged user: healthy, then ready against the under cluster, and /login renders", async () => {
    // The working directory really is read-only for that user.
    expect(spawnSync("setpriv", [...NOBODY, "--", "touch", path.join(image.app, "written")]).status).not.toBe(0);

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
    const pod = `kmetal-reconciler-${crypto.randomBytes(3).toString("hex")}`;
    expect((await image.reconcilerEnv(pod)).KMETAL_RECONCILER_ID).toBe(pod);
    const rec = await image.startReconciler(pod);
    const holder = () => leaseHolder(admin, namespace);
    for (let i = 0; i < 600 && (await holder()) !== pod; i++) {
      if (rec.exitCode !== null) break;
      await sleep(200);
    }
    expect(await holder(), image.logOf(`${pod}.log`)).toBe(pod);
    rec.kill("SIGTERM");
    expect(await exited(rec)).toBe(0);
    expect(await holder()).toBeFalsy();
    expect(image.logOf(`${pod}.log`)).not.toMatch(/forbidden/i);
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
    const pods = ["a", "b"].map((x) => `kmetal-reconciler-${x}${crypto.randomBytes(2).toString("hex")}`);
    const procs = new Map(await Promise.all(pods.map(async (pod) => [pod, await image.startReconciler(pod)] as const)));
    const holder = () => leaseHolder(admin, namespace);
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
