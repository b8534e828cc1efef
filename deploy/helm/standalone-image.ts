// Shared by the tests that run the image's contents: what the container image runs, run here (no registry is
// reachable, so the image itself is not built). The standalone output laid out as the Containerfile lays it out,
// read-only, started with the chart's command and environment as an unprivileged user, against the real local
// under cluster with the chart's service accounts and RBAC. Two stand-ins, because this is not a pod: HOSTNAME
// is 127.0.0.1 instead of 0.0.0.0 (servers of tests listen on loopback only), and KMETAL_KUBECONFIG carries the
// service account's token that a pod would find at /var/run/secrets/kubernetes.io/serviceaccount.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { inject } from "vitest";
import type { RbacObject } from "@/lib/authz/rbac";
import { ensureConsoleBuild } from "@/server/cli/console-build";
import type { KubeGateway } from "@/server/kube/gateway";
import type { ResourceModel } from "@/server/kube/models";
import { models } from "@/server/kube/models";
import { repoRoot } from "@/server/local/binaries";
import { freePort } from "@/server/local/ports";
import { helmBinary, modelFor, RBAC_KINDS, template, uniqueBindings, type KubeDoc } from "@/deploy/helm/chart-testing";
import { freshNamespace } from "@/test/kube";

/** setpriv's arguments for the image's user: not root, no groups (the tests use 65534, nobody). */
export const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];
const ServiceAccount: ResourceModel = { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Container = { command: string[]; env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string }; fieldRef?: { fieldPath: string } } }[] };
/** The first container of the chart's Deployment whose name ends with `component` ("-console", "-reconciler"). */
export const containerOf = (docs: KubeDoc[], component: string) =>
  (docs.find((d) => d.kind === "Deployment" && d.metadata.name.endsWith(component)) as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0]!;

/** The container's environment as the kubelet would give it, from the given secrets and pod fields. */
export function envOf(c: Container, secrets: Record<string, string>, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(c.env.map((e) => {
    if (e.value !== undefined) return [e.name, e.value];
    const v = e.valueFrom?.secretKeyRef ? secrets[e.valueFrom.secretKeyRef.key] : fields[e.valueFrom?.fieldRef?.fieldPath ?? ""];
    if (v === undefined) throw new Error(`no value for ${e.name}`);
    return [e.name, v];
  }));
}

/** Resolves with the exit code (null after a signal) once the process has ended. */
export const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code))));

/** The holder of the reconcilers' Lease in `namespace`, if any. */
export const leaseHolder = async (kube: KubeGateway, namespace: string) =>
  (await kube.find<{ spec?: { holderIdentity?: string | null } } & { metadata?: object }>(models.Lease, { name: "kmetal-reconciler", namespace }))?.spec?.holderIdentity;

export interface ConsoleReplica {
  server: ChildProcess;
  port: number;
  url: string;
  env: Record<string, string>;
  /** When it was started (Date.now()). */
  t0: number;
  /** Polls `p` until it answers `want`; throws with the replica's log if it exits or the time runs out. */
  poll: (p: string, want: number, timeoutMs: number) => Promise<Response>;
}

/**
 * The image's contents laid out once per test file, and one release of the chart (its service accounts and
 * RBAC, bindings renamed per run) in a fresh namespace of the local under cluster; processes run as the
 * image's user from there.
 */
export class StandaloneImage {
  /** Where the logs and kubeconfigs go; `app` is the image's /app. */
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-image-"));
  readonly app = path.join(this.dir, "app");
  /** The size of /app in MB (du), static assets and the bundled command line included. */
  sizeMb = 0;
  namespace = "";
  docs: KubeDoc[] = [];
  private readonly children: ChildProcess[] = [];
  private cleanup: (() => Promise<void>)[] = [];
  private kubeconfigs = new Map<string, Promise<string>>();

  constructor(private readonly admin: KubeGateway, private readonly log: (line: string) => void) {
    fs.chmodSync(this.dir, 0o755);
  }

  /** Builds what the image holds, lays it out read-only, and installs the release's accounts and RBAC. */
  async prepare(namespacePrefix: string, values?: unknown): Promise<void> {
    // The image's build stage: next build (standalone output), then the command line bundled next to server.js.
    const built = await ensureConsoleBuild(path.join(this.dir, "next-build.log"), this.log);
    if (built) this.log(`next build took ${built.toFixed(0)}s`);
    const cli = spawnSync("npm", ["run", "-s", "build:cli"], { cwd: repoRoot(), encoding: "utf8" });
    if (cli.status !== 0) throw new Error(`npm run build:cli failed: ${cli.stderr}`);
    // The final stage: .next/standalone at /app, .next/static beside its server, all owned by root and read-only.
    fs.cpSync(path.join(repoRoot(), ".next", "standalone"), this.app, { recursive: true, verbatimSymlinks: true });
    fs.cpSync(path.join(repoRoot(), ".next", "static"), path.join(this.app, ".next", "static"), { recursive: true });
    this.sizeMb = Number(spawnSync("du", ["-sm", this.app], { encoding: "utf8" }).stdout.split("\t")[0]);
    this.log(`image contents (/app): ${this.sizeMb} MB`);
    spawnSync("chmod", ["-R", "a-w,a+rX", this.app]);
    // The chart's emptyDir on /app/.next/cache, writable by the pod's user only.
    fs.chmodSync(path.join(this.app, ".next"), 0o755);
    fs.mkdirSync(path.join(this.app, ".next", "cache"));
    fs.chownSync(path.join(this.app, ".next", "cache"), 65534, 65534);
    fs.chmodSync(path.join(this.app, ".next"), 0o555);

    // The release: its service accounts and RBAC, rendered by the chart (bindings renamed per run, see uniqueBindings).
    await helmBinary();
    const ns = await freshNamespace(this.admin, namespacePrefix);
    this.namespace = ns.name;
    this.cleanup.push(ns.cleanup);
    this.docs = template("kmetal", this.namespace, values);
    for (const sa of this.docs.filter((d) => d.kind === "ServiceAccount")) await this.admin.create(ServiceAccount, sa as never);
    const suffix = crypto.randomBytes(3).toString("hex");
    const rbac = uniqueBindings(this.docs.filter((d) => RBAC_KINDS.has(d.kind)).map((d) => ({ model: d.kind, object: d }) as unknown as RbacObject), suffix);
    for (const o of rbac) {
      const model = await modelFor(this.admin, o.object as unknown as KubeDoc);
      await this.admin.apply(model, o.object as never, "kmetal-installer");
      if (o.model === "ClusterRoleBinding") this.cleanup.push(() => this.admin.delete(models.ClusterRoleBinding, { name: o.object.metadata.name }, { ignoreNotFound: true }));
    }
  }

  /** Kills what is still running, removes the release's namespace and bindings, and the layout. */
  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => {
      if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      return exited(c);
    }));
    for (const c of this.cleanup.reverse()) await c();
    this.cleanup = [];
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The name of the release's service account of `component` ("-console", "-reconciler"). */
  serviceAccount(component: string): string {
    return this.docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name.endsWith(component))!.metadata.name;
  }

  /** What a process wrote to `logName`. */
  logOf(logName: string): string {
    return fs.readFileSync(path.join(this.dir, logName), "utf8");
  }

  /** Starts `command` in the image's working directory as user 65534, with exactly `env` (plus PATH to find node). */
  runAsNobody(command: string[], env: Record<string, string>, logName: string): ChildProcess {
    const out = fs.openSync(path.join(this.dir, logName), "a");
    const child = spawn("setpriv", [...NOBODY, "--", ...command], { cwd: this.app, env: { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    this.children.push(child);
    return child;
  }

  /** A kubeconfig for the local under cluster that authenticates as a service account of the release (TokenRequest). */
  kubeconfigFor(sa: string): Promise<string> {
    let file = this.kubeconfigs.get(sa);
    if (!file) this.kubeconfigs.set(sa, (file = this.writeKubeconfig(sa)));
    return file;
  }

  private async writeKubeconfig(sa: string): Promise<string> {
    const tr = await this.admin.request<{ status: { token: string } }>("POST", `/api/v1/namespaces/${this.namespace}/serviceaccounts/${sa}/token`, {
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3600 } },
    });
    const kc = yaml.load(fs.readFileSync(inject("kubeconfigPath"), "utf8")) as { users: { name: string; user: unknown }[] };
    kc.users = kc.users.map((u) => ({ name: u.name, user: { token: tr.status.token } }));
    const file = path.join(this.dir, `${sa}.kubeconfig`);
    fs.writeFileSync(file, yaml.dump(kc), { mode: 0o444 });
    return file;
  }

  /** One console replica as the image runs it, on a free loopback port, with the given Secret values. */
  async startConsole(secrets: Record<string, string>, logName: string): Promise<ConsoleReplica> {
    const port = await freePort();
    const c = containerOf(this.docs, "-console");
    const env: Record<string, string> = { ...envOf(c, secrets, {}), HOSTNAME: "127.0.0.1", PORT: String(port), KMETAL_KUBECONFIG: await this.kubeconfigFor(this.serviceAccount("-console")) };
    const t0 = Date.now();
    const server = this.runAsNobody(c.command, env, logName);
    const url = `http://127.0.0.1:${port}`;
    const poll = async (p: string, want: number, timeoutMs: number) => {
      for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(100)) {
        if (server.exitCode !== null) throw new Error(`the console exited (${server.exitCode}): ${this.logOf(logName)}`);
        const res = await fetch(url + p, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
        if (res?.status === want) return res;
      }
      throw new Error(`${p} did not answer ${want} within ${timeoutMs} ms: ${this.logOf(logName)}`);
    };
    return { server, port, url, poll, env, t0 };
  }

  /** The reconciler's environment for pod `pod`, as the chart gives it, with the reconciler account's kubeconfig. */
  async reconcilerEnv(pod: string): Promise<Record<string, string>> {
    return { ...envOf(containerOf(this.docs, "-reconciler"), {}, { "metadata.name": pod }), KMETAL_KUBECONFIG: await this.kubeconfigFor(this.serviceAccount("-reconciler")) };
  }

  /** `kmetal reconcile` as the image runs it, as pod `pod` (its log is `<pod>.log`). */
  async startReconciler(pod: string): Promise<ChildProcess> {
    return this.runAsNobody(containerOf(this.docs, "-reconciler").command, await this.reconcilerEnv(pod), `${pod}.log`);
  }
}
