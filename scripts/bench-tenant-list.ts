// Tenant-list benchmark: 2,000 Tenants and their VMs (4 each by default) seeded into a fresh local under cluster (objects only: no
// reconciler, no processes), the console running against it, and Debian's Chromium as the browser. Prints:
//   - tenants.list server response p50/p95 (from the watch cache), over 100 requests;
//   - LCP of /tenants in Chromium, and when the first tenant rows are on screen (median of 5 loads);
//   - object change in the API server → DOM update p50/p95, over 30 changes;
//   - bytes the live list pushes per change, and the console's resident memory;
//   - LIST requests the API server received per page view (from its own metrics);
//   - frame intervals while the table is scrolled through, at 60 Hz and without the cap.
// Usage: node scripts/run-ts.mjs scripts/bench-tenant-list.ts [tenants] [vms-per-tenant]
// For finding out why a figure moved:
//   KMETAL_BENCH_PROFILE=<dir>      the console writes a V8 CPU profile there when it stops;
//   KMETAL_BENCH_CONSOLE_DIR=<dir>  run the (built) console of another checkout against the same seeded cluster;
//   KMETAL_BENCH_TRACE=<file>       a Chromium trace of the scrolling, for chrome://tracing or the Performance panel;
//   KMETAL_BENCH_HOLD=<file>        after signing in, save the browser's signed-in state there and keep
//                                   everything running until Ctrl-C (the URL is printed), to probe by hand.
import crypto from "node:crypto";
import { benchCluster, pool, cookieHeader, launchChromium, signInPage, sleep, startConsole, type BenchConsole } from "@/test/bench-console";
import { processTree } from "@/test/process-tree";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { ensureBootstrapAdmin } from "@/server/services/users";
import { planTenant } from "@/lib/tenants/plan";
import { EventStreamClient } from "@/test/event-stream";

const SEEDED = new Set(["Namespace", "Vpc", "Subnet", "ResourceQuota", "VirtualMachine"]);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;


/** The console's garbage-collection pauses so far, by kind: count, total seconds, and how many took over 100 ms. */
type GcPauses = Map<string, { count: number; sum: number; over100ms: number }>;
async function gcPauses(url: string, token: string): Promise<GcPauses> {
  const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } }).then((r) => (r.ok ? r.text() : ""));
  const out: GcPauses = new Map();
  const at = (kind: string) => out.get(kind) ?? (out.set(kind, { count: 0, sum: 0, over100ms: 0 }), out.get(kind)!);
  const buckets = new Map<string, number>();
  for (const l of text.split("\n")) {
    const m = /^kmetal_console_nodejs_gc_duration_seconds_(bucket|sum|count)\{(.*)\} (\S+)$/.exec(l);
    if (!m) continue;
    const kind = /kind="([^"]+)"/.exec(m[2]!)?.[1] ?? "?";
    const v = Number(m[3]);
    if (m[1] === "count") at(kind).count = v;
    else if (m[1] === "sum") at(kind).sum = v;
    else if (/le="0.1"/.test(m[2]!)) buckets.set(kind, v);
  }
  for (const [kind, le] of buckets) at(kind).over100ms = at(kind).count - le;
  return out;
}
const gcDelta = (a: GcPauses, b: GcPauses) => [...b].map(([kind, x]) => {
  const y = a.get(kind) ?? { count: 0, sum: 0, over100ms: 0 };
  return `${kind} ${x.count - y.count} (${((x.sum - y.sum) * 1000).toFixed(0)} ms, ${x.over100ms - y.over100ms} over 100 ms)`;
}).join(", ");

/** The console's V8 heap as its /metrics report it: used and reserved, and memory held outside the heap. */
async function heapFigures(url: string, token: string): Promise<string> {
  const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } }).then((r) => (r.ok ? r.text() : ""));
  const v = (name: string) => Number(new RegExp(`^kmetal_console_${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN) / 1048576;
  return `V8 heap used ${v("nodejs_heap_size_used_bytes").toFixed(0)} MiB of ${v("nodejs_heap_size_total_bytes").toFixed(0)} MiB, external ${v("nodejs_external_memory_bytes").toFixed(0)} MiB`;
}

/** Waits until the console reports every watch cache synced (at most 5 minutes); returns how long that took. */
async function cachesSynced(url: string, token: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } }).then((r) => (r.ok ? r.text() : ""));
    const flags = text.split("\n").filter((l) => l.startsWith("kmetal_console_watch_cache_synced{") || l.startsWith("kmetal_watch_cache_synced{"));
    if ((flags.length && flags.every((l) => l.endsWith(" 1"))) || Date.now() - t0 > 300_000) return Date.now() - t0;
    await sleep(500);
  }
}

async function listRequests(kube: KubeGateway): Promise<number> {
  const text = await kube.request<string>("GET", "/metrics", { text: true });
  return text.split("\n").filter((l) => l.startsWith("apiserver_request_total{") && l.includes('verb="LIST"'))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
}

export async function main(args: string[]): Promise<number> {
  const count = Number(args[0] ?? 2000);
  const vmsPerTenant = Number(args[1] ?? 4);
  // What the list says once it holds them all ("2,000 of 2,000 tenants"; older builds did not group digits).
  const n = `(?:${count}|${count.toLocaleString("en")})`;
  const shownAll = new RegExp(`^${n} of ${n} tenants$`);
  const { binaries, kube, kubeconfigPath, stop } = await benchCluster("list");
  let app: BenchConsole | undefined;
  try {
    await ensureBootstrapAdmin(kube, "kmetal-system", "bench-password-123");

    // Seed: each tenant with its namespace and its planned VMs, and a Ready status.
    const t0 = Date.now();
    const names = Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, "0")}`);
    await pool(names, 24, async (name) => {
      const i = Number(name.slice(1));
      const spec = {
        displayName: `Tenant ${i}`, owners: ["admin"], kubernetesVersion: binaries.version,
        network: { mode: "overlay" as const, cidr: `10.${Math.floor(i / 256)}.${i % 256}.0/24` },
        workerPools: [{ name: "default", replicas: vmsPerTenant, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu" }],
      };
      const tenant = await kube.create(models.Tenant, { metadata: { name }, spec } as never) as { metadata: { uid: string } };
      await kube.mergePatch(models.Tenant, { name }, { status: { phase: "Ready", readyWorkers: vmsPerTenant, desiredWorkers: vmsPerTenant, endpoint: `https://127.0.0.1:${10000 + i}` } }, "status");
      const plan = planTenant({ tenant: { metadata: { name, uid: tenant.metadata.uid }, spec }, quota: { vcpu: -1, memoryGi: -1, storageGi: -1, workers: -1, loadBalancers: -1 }, addons: [], platformCidrs: [], workerVersion: binaries.version });
      // What a provisioned tenant has on the under cluster that the console watches (not its RBAC nor its control
      // plane): the namespace, VPC, subnet and ResourceQuota, and the VMs.
      for (const d of plan.filter((x) => SEEDED.has(x.model))) await kube.create(models[d.model], d.object as never);
    });
    console.log(`seeded ${count} tenants, each with its namespace, VPC, subnet and ResourceQuota, and ${count * vmsPerTenant} VMs in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const metricsToken = crypto.randomBytes(24).toString("hex");
    app = await startConsole(kubeconfigPath, { dir: process.env.KMETAL_BENCH_CONSOLE_DIR, env: { KMETAL_METRICS_TOKEN: metricsToken } });
    const url = app.url;

    const browser = await launchChromium();
    const page = await browser.newPage();
    // Sign-in lands on the overview (older consoles: the tenant list); the list is measured at /tenants.
    await signInPage(page, url, "admin", "bench-password-123");
    await page.goto(`${url}/tenants`);
    await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
    await page.getByText(shownAll).waitFor({ timeout: 120_000 });
    const cookie = await cookieHeader(page);
    if (process.env.KMETAL_BENCH_HOLD) {
      await page.context().storageState({ path: process.env.KMETAL_BENCH_HOLD });
      console.log(`holding: ${url}, signed-in state in ${process.env.KMETAL_BENCH_HOLD}`);
      await new Promise((r) => process.once("SIGINT", r));
    }

    // 1. Server response of tenants.list, from the watch cache.
    const times: number[] = [];
    const gcBefore = await gcPauses(url, metricsToken);
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      const res = await fetch(`${url}/api/trpc/tenants.list`, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`tenants.list answered ${res.status}`);
      times.push(performance.now() - s);
    }

    const gcDuring = gcDelta(gcBefore, await gcPauses(url, metricsToken));

    // 2. LCP and 3. LISTs per page view.
    // Page views of a console whose caches are all loaded: the lists of its first sync (in pages of 500, some
    // still arriving at 40,000 VMs) are not page views' doing.
    const syncedIn = await cachesSynced(url, metricsToken);
    const listsBefore = await listRequests(kube);
    const lcps: number[] = [];
    const rowsAt: number[] = [];
    let lcpElement = "";
    for (let i = 0; i < 5; i++) {
      const p = await browser.newPage({ storageState: await page.context().storageState() });
      // Each LCP candidate as it is painted (the last one may be gone from the page by the time it is read).
      await p.addInitScript(() => {
        const w = window as unknown as { __lcp: string[] };
        w.__lcp = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as (PerformanceEntry & { element?: Element; size?: number })[]) {
            w.__lcp.push(`${e.startTime.toFixed(0)} ms ${e.element?.tagName.toLowerCase() ?? "?"} “${(e.element?.textContent ?? "").trim().slice(0, 24)}” (${e.size} px²)`);
          }
        }).observe({ type: "largest-contentful-paint", buffered: true });
        // When the first tenant row is on screen (the frame after it entered the document), whatever LCP picks.
        const w2 = window as unknown as { __rows?: number };
        const seen = new MutationObserver(() => {
          if (w2.__rows !== undefined || !document.querySelector('[data-testid^="display-"]')) return;
          w2.__rows = -1;
          seen.disconnect();
          requestAnimationFrame((t) => (w2.__rows = t));
        });
        seen.observe(document, { subtree: true, childList: true });
      });
      await p.goto(`${url}/tenants`);
      await p.getByText(shownAll).waitFor({ timeout: 60_000 });
      const lcp = await p.evaluate(() => new Promise<{ at: number; element: string }>((resolve) => {
        new PerformanceObserver((l) => resolve({ at: l.getEntries().at(-1)!.startTime, element: (window as unknown as { __lcp: string[] }).__lcp.join(" → ") }))
          .observe({ type: "largest-contentful-paint", buffered: true });
      }));
      lcps.push(lcp.at);
      rowsAt.push(await p.evaluate(() => (window as unknown as { __rows: number }).__rows));
      lcpElement = lcp.element;
      await p.close();
    }
    const listsPerView = ((await listRequests(kube)) - listsBefore) / 5;

    // 4. Change in the API server → DOM, on the tenant the list really shows first (ties in creation time
    // are ordered by name, so it is whichever row is on screen, not the last one created).
    await page.goto(`${url}/tenants`);
    await page.getByText(shownAll).waitFor();
    const top = await page.evaluate(() => document.querySelector('[data-testid^="display-"]')?.getAttribute("data-testid")?.slice("display-".length));
    if (!top) throw new Error("no tenant row is on screen");
    await page.evaluate((name) => {
      const w = window as unknown as { __seen: Map<string, number> };
      w.__seen = new Map();
      new MutationObserver(() => {
        const text = document.querySelector(`[data-testid="display-${name}"]`)?.textContent;
        if (text && !w.__seen.has(text)) w.__seen.set(text, Date.now());
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, top);
    // What the server pushes per change: the same stream the page holds, read by a second client.
    const stream = new EventStreamClient(`${url}/api/trpc/tenants.watchList`, () => ({ cookie })).start();
    await stream.waitFor((e) => e.type === "message", 60_000);
    const firstMessageBytes = Buffer.byteLength(stream.events.find((e) => e.type === "message")!.data);
    const streamFrom = stream.events.length;
    const lat: number[] = [];
    for (let i = 0; i < 30; i++) {
      const label = `changed ${i}`;
      const s = Date.now();
      await kube.mergePatch(models.Tenant, { name: top }, { spec: { displayName: label } });
      let seen: number | undefined;
      for (let k = 0; k < 200 && !seen; k++) {
        seen = await page.evaluate((l) => (window as unknown as { __seen: Map<string, number> }).__seen.get(l), label);
        if (!seen) await sleep(10);
      }
      if (!seen) throw new Error(`change ${i} never reached the DOM`);
      lat.push(seen - s);
      await sleep(150);
    }
    await sleep(500);
    const pushed = stream.events.slice(streamFrom).filter((e) => e.type === "message").map((e) => Buffer.byteLength(e.data));
    stream.close();
    const rssMiB = app.proc.pid ? processTree(app.proc.pid).rssKiB / 1024 : NaN;
    const heap = await heapFigures(url, metricsToken);
    const signedIn = await page.context().storageState();
    await browser.close();

    // 5. Scrolling the table, 240 px per frame (4.5 rows): frame intervals, twice.
    //   - At the display's rate (Chromium's 60 Hz): what a user sees. A frame whose work does not fit in one
    //     vsync interval shows as a 33 ms interval; p95 at 16.7 ms means fewer than 5 % of frames missed theirs.
    //   - Without the 60 Hz cap: a frame takes as long as its work and no longer. On a 2-core machine with software
    //     raster, rasterizing frames as fast as they come competes with the page for the cores, so this is a
    //     stress figure, not what a screen shows.
    const scroll = async (uncapped: boolean) => {
      const b = await launchChromium(uncapped ? ["--disable-gpu-vsync", "--disable-frame-rate-limit"] : []);
      const sp = await b.newPage({ storageState: signedIn });
      await sp.goto(`${url}/tenants`);
      await sp.getByText(shownAll).waitFor({ timeout: 120_000 });
      const trace = uncapped && process.env.KMETAL_BENCH_TRACE;
      if (trace) await b.startTracing(sp, { path: trace, screenshots: false });
      // A string, not a function: the TypeScript loader would wrap a named closure in a helper the page lacks.
      const frames = await sp.evaluate<number[]>(`new Promise((resolve) => {
        const el = document.querySelector('[data-slot="resource-table-scroller"]');
        if (!el) return resolve([]);
        const out = [];
        let last = 0;
        let before = -1;
        const step = (now) => {
          if (last) out.push(now - last);
          last = now;
          // At the end (the position stopped moving) or after 600 frames.
          if (el.scrollTop === before || out.length >= 600) return resolve(out);
          before = el.scrollTop;
          el.scrollTop += 240;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      })`);
      if (trace) await b.stopTracing();
      await b.close();
      return frames;
    };
    const frames = await scroll(false);
    const framesUncapped = await scroll(true);

    console.log(`tenants.list server response (${count} tenants, 100 requests): p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (target p95 ≤ 50 ms)`);
    const slowest = times.map((ms, i) => [i, ms] as const).sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`  slowest requests (#: ms): ${slowest.map(([i, ms]) => `${i}: ${ms.toFixed(0)}`).join(", ")}`);
    console.log(`  the console's garbage collections meanwhile: ${gcDuring || "not reported (no /metrics)"}`);
    console.log(`LCP of /tenants in Chromium: median ${pct(lcps, 50).toFixed(0)} ms (runs ${lcps.map((x) => x.toFixed(0)).join(", ")}; target ≤ 1500 ms; the element: ${lcpElement})`);
    console.log(`first tenant rows on screen after navigation start: median ${pct(rowsAt, 50).toFixed(0)} ms (runs ${rowsAt.map((x) => x.toFixed(0)).join(", ")})`);
    console.log(`API server change → DOM: p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms over ${lat.length} changes (target p95 ≤ 300 ms)`);
    console.log(`pushed per change: p50 ${pct(pushed, 50)} B, max ${Math.max(...pushed)} B over ${pushed.length} messages (the stream's first message, the whole list: ${firstMessageBytes} B; target ≤ 2 KB per change)`);
    console.log(`console RSS after the changes (the console process and its children): ${rssMiB.toFixed(0)} MiB (target ≤ 1 GiB); ${heap}`);
    console.log(`LIST requests received by the API server per page view: ${listsPerView} (target 0; counted once the console's caches were all synced, ${(syncedIn / 1000).toFixed(1)} s after the list requests)`);
    if (frames.length) {
      const vsync = pct(frames, 50);
      const missed = frames.filter((f) => f > vsync * 1.5).length;
      console.log(`scrolling the table at 60 Hz: frame interval p50 ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms over ${frames.length} frames; ${missed} missed their vsync (${((100 * missed) / frames.length).toFixed(1)} %) (target p95 ≤ 16 ms, one 60 Hz frame)`);
    }
    if (framesUncapped.length) console.log(`  without the 60 Hz cap (stress: raster competes for the 2 cores): frame time p50 ${pct(framesUncapped, 50).toFixed(1)} ms, p95 ${pct(framesUncapped, 95).toFixed(1)} ms over ${framesUncapped.length} frames`);
    return 0;
  } finally {
    await app?.stop();
    await stop();
  }
}
