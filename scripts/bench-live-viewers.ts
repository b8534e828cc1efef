// Live viewers benchmark: many browsers' worth of live streams on one console process. Seeds Ready tenants into a
// fresh local under cluster (objects only), starts the production console, signs in viewer users over HTTP, and
// opens for each viewer the two streams its pages hold: the tenant list (`tenants.watchList`) and the overview
// (`overview.watch`). Then it changes one tenant every 100 ms (marks it Degraded) and prints:
//   - delivery: from the change's write to the API server until each stream has it, p50/p95/max;
//   - missed changes (a stream that never showed one);
//   - the console's CPU use while the changes ran, and its resident memory before and after.
// Usage: node scripts/run-ts.mjs scripts/bench-live-viewers.ts [viewers=1000] [seconds=60] [tenants=1000]
import crypto from "node:crypto";
import { setMaxListeners } from "node:events";
import { benchCluster, sleep, startConsole, type BenchConsole } from "@/test/bench-console";
import { processTree } from "@/test/process-tree";
import { parsePrometheusText, sampleOf } from "@/test/prometheus-text";
import { models } from "@/server/kube/models";
import { createUser, ensureNamespace } from "@/server/services/users";

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);
const VIEWERS_PER_USER = 50;

/** A server-sent event stream that keeps nothing but what `onData` takes from each message. */
async function openStream(url: string, cookie: string, onData: (data: string) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { headers: { accept: "text/event-stream", cookie }, signal });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    let event = "";
    let data: string[] = [];
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        for (const line of lines) {
          if (line === "") {
            if (data.length && (event === "" || event === "message")) onData(data.join("\n"));
            event = "";
            data = [];
          } else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          else if (line.startsWith("event:")) event = line.slice(6).trim();
        }
      }
    } catch { /* aborted at the end */ }
  })();
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const { csrfToken } = (await keep(await fetch(`${url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = keep(await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: "/" }),
  }));
  if (new URL(res.headers.get("location") ?? "/", url).searchParams.get("error")) throw new Error(`sign-in of ${username} failed`);
  return cookie();
}

export async function main(args: string[]): Promise<number> {
  const viewers = Number(args[0] ?? 1000);
  const seconds = Number(args[1] ?? 60);
  const count = Number(args[2] ?? 1000);
  const changes = Math.floor(seconds * 10);
  if (changes > count) throw new Error(`${changes} changes need at least as many tenants (got ${count})`);
  const { binaries, kube, kubeconfigPath, stop: stopCluster } = await benchCluster("viewers");
  let app: BenchConsole | undefined;
  const stop = new AbortController();
  try {
    await ensureNamespace(kube, "kmetal-system");
    const users = Array.from({ length: Math.ceil(viewers / VIEWERS_PER_USER) }, (_, i) => `viewer-${String(i).padStart(2, "0")}`);
    const password = "bench-password-123";
    for (const u of users) await createUser(kube, "kmetal-system", u, password, ["platform-viewer"]);

    const names = Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, "0")}`);
    const t0 = Date.now();
    for (let i = 0; i < names.length; i += 24) {
      await Promise.all(names.slice(i, i + 24).map(async (name, k) => {
        const n = i + k;
        await kube.create(models.Tenant, { metadata: { name }, spec: {
          displayName: `Tenant ${n}`, owners: [], kubernetesVersion: binaries.version,
          network: { mode: "overlay", cidr: `10.${Math.floor(n / 256)}.${n % 256}.0/24` },
          workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu" }],
        } } as never);
        await kube.mergePatch(models.Tenant, { name }, { status: { phase: "Ready", readyWorkers: 2, desiredWorkers: 2, endpoint: `https://127.0.0.1:${10000 + n}` } }, "status");
      }));
    }
    console.log(`seeded ${count} Ready tenants in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const metricsToken = crypto.randomBytes(16).toString("hex");
    app = await startConsole(kubeconfigPath, { env: { KMETAL_MAX_STREAMS_PER_USER: String(VIEWERS_PER_USER * 2), KMETAL_METRICS_TOKEN: metricsToken } });
    const heapMiB = async () => {
      const text = await (await fetch(`${app!.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
      return (sampleOf(parsePrometheusText(text).samples, "kmetal_console_nodejs_heap_size_used_bytes")?.value ?? NaN) / 2 ** 20;
    };
    const url = app.url;
    const cookies = await Promise.all(users.map((u) => signIn(url, u, password)));

    // Each stream's arrival time of each change (NaN until it has it).
    const sentAt = new Float64Array(changes).fill(NaN);
    const streams: { kind: "list" | "overview"; got: Float64Array; ready: boolean; messages: number; bytes: number }[] = [];
    const tOpen = Date.now();
    setMaxListeners(0, stop.signal); // every stream listens to the one signal that ends them all
    // Viewers arrive 50 at a time (as a room of screens does), not 2,000 connections in one instant.
    const arrive = async (v: number) => {
      const cookie = cookies[Math.floor(v / VIEWERS_PER_USER)]!;
      const list = { kind: "list" as const, got: new Float64Array(changes).fill(NaN), ready: false, messages: 0, bytes: 0 };
      const overview = { kind: "overview" as const, got: new Float64Array(changes).fill(NaN), ready: false, messages: 0, bytes: 0 };
      streams.push(list, overview);
      await openStream(`${url}/api/trpc/tenants.watchList`, cookie, (data) => {
        const now = Date.now();
        list.messages++;
        if (list.ready) list.bytes += data.length;
        if (!list.ready) return void (list.ready = true); // the first message: the whole list
        const msg = JSON.parse(data) as { kind: string; upserts?: { name: string; phase: string }[] };
        for (const t of msg.upserts ?? []) {
          const i = Number(t.name.slice(1));
          if (t.phase === "Degraded" && i < changes && Number.isNaN(list.got[i]!)) list.got[i] = now;
        }
      }, stop.signal);
      await openStream(`${url}/api/trpc/overview.watch`, cookie, (data) => {
        const now = Date.now();
        overview.messages++;
        if (overview.ready) overview.bytes += data.length;
        overview.ready = true;
        // Change i marks tenant i Degraded: a count of k Degraded tenants means changes 0..k-1 have arrived.
        const failed = (JSON.parse(data) as { counts: { byPhase: Record<string, number> } }).counts.byPhase.Degraded ?? 0;
        for (let i = 0; i < Math.min(failed, changes); i++) if (Number.isNaN(overview.got[i]!)) overview.got[i] = now;
      }, stop.signal);
    };
    for (let v = 0; v < viewers; v += 50) await Promise.all(Array.from({ length: Math.min(50, viewers - v) }, (_, k) => arrive(v + k)));
    for (let i = 0; i < 600 && streams.some((s) => !s.ready); i++) await sleep(100);
    console.log(`opened ${streams.length} streams for ${viewers} viewers (${users.length} users) in ${((Date.now() - tOpen) / 1000).toFixed(1)} s; ${streams.filter((s) => s.ready).length} had their first message`);

    // The streams open and nothing changing: what holding them costs.
    await sleep(5_000);
    const quietFrom = processTree(app.proc.pid!);
    await sleep(10_000);
    const quiet = (processTree(app.proc.pid!).ticks - quietFrom.ticks) / 100;
    console.log(`console CPU with the streams open and nothing changing: ${(10 * quiet).toFixed(0)} % of one core`);

    const heapBefore = await heapMiB();
    const before = processTree(app.proc.pid!);
    const clientBefore = process.cpuUsage();
    const tChanges = Date.now();
    for (let i = 0; i < changes; i++) {
      const due = tChanges + i * 100;
      if (due > Date.now()) await sleep(due - Date.now());
      sentAt[i] = Date.now();
      void kube.mergePatch(models.Tenant, { name: names[i]! }, { status: { phase: "Degraded" } }, "status");
    }
    await sleep(5_000);
    const after = processTree(app.proc.pid!);
    const client = process.cpuUsage(clientBefore);
    const cpuSeconds = (after.ticks - before.ticks) / 100;
    const wall = (Date.now() - tChanges) / 1000;

    for (const kind of ["list", "overview"] as const) {
      const lat: number[] = [];
      let missed = 0;
      for (const s of streams.filter((x) => x.kind === kind)) {
        for (let i = 0; i < changes; i++) {
          const d = s.got[i]! - sentAt[i]!;
          if (Number.isNaN(d)) missed++;
          else lat.push(d);
        }
      }
      const messages = streams.filter((x) => x.kind === kind).reduce((n, x) => n + x.messages, 0);
      const bytes = streams.filter((x) => x.kind === kind).reduce((n, x) => n + x.bytes, 0);
      console.log(`${kind} streams (${viewers}): delivery p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms, max ${lat.reduce((a, b) => Math.max(a, b), 0)} ms over ${lat.length} deliveries; missed ${missed} (target p95 ≤ 1000 ms, 0 missed); ${(messages / viewers).toFixed(0)} messages per stream, ${(bytes / Math.max(1, messages - viewers)).toFixed(0)} B each after the first`);
    }
    console.log(`console CPU while ${changes} changes ran (one every 100 ms): ${cpuSeconds.toFixed(1)} s in ${wall.toFixed(1)} s = ${(100 * cpuSeconds / wall).toFixed(0)} % of one core`);
    // The viewers are this process, on the same machine: when it is busy too, deliveries wait for it as well.
    const clientSeconds = (client.user + client.system) / 1e6;
    console.log(`viewers' CPU (this process, reading ${streams.length} streams): ${clientSeconds.toFixed(1)} s = ${(100 * clientSeconds / wall).toFixed(0)} % of one core`);
    console.log(`console JS heap in use: ${heapBefore.toFixed(0)} MiB with the streams open, ${(await heapMiB()).toFixed(0)} MiB after the changes`);
    console.log(`console RSS: ${(before.rssKiB / 1024).toFixed(0)} MiB with the streams open, ${(after.rssKiB / 1024).toFixed(0)} MiB after the changes`);
    return 0;
  } finally {
    stop.abort();
    await app?.stop();
    await stopCluster();
  }
}
