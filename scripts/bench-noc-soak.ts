// NOC wall soak: the wall open in Chromium through a display link (no user session) for a long time while
// tenants change at ten times a busy fleet's rate. A busy fleet is taken as one tenant status change per second;
// ten times that is 10 changes a second, each flipping one tenant between Ready and Degraded.
// Every minute the changes pause for a moment and the bench checks the wall against what it wrote:
//   - the header's "degraded or refused" total and the phase of every tile on screen (a mismatch is a missed update);
//   - the browser's JS heap after a forced garbage collection, and the console's resident memory.
// It prints each sample and, at the end, the first and last figures and the slope of each (per hour).
// Usage: node scripts/run-ts.mjs scripts/bench-noc-soak.ts [minutes=60] [tenants=500] [changes-per-second=10]
import crypto from "node:crypto";
import { benchCluster, launchChromium, sleep, startConsole, type BenchConsole } from "@/test/bench-console";
import { processTree } from "@/test/process-tree";
import { models } from "@/server/kube/models";
import { createDisplay } from "@/server/services/displays";
import { ensureNamespace } from "@/server/services/users";

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den ? num / den : 0;
}

export async function main(args: string[]): Promise<number> {
  const minutes = Number(args[0] ?? 60);
  const count = Number(args[1] ?? 500);
  const rate = Number(args[2] ?? 10);
  const { binaries, kube, kubeconfigPath, stop } = await benchCluster("soak");
  let app: BenchConsole | undefined;
  try {
    await ensureNamespace(kube, "kmetal-system");
    const names = Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, "0")}`);
    const phase = new Map<string, string>();
    for (let i = 0; i < names.length; i += 24) {
      await Promise.all(names.slice(i, i + 24).map(async (name, k) => {
        const n = i + k;
        await kube.create(models.Tenant, { metadata: { name }, spec: {
          owners: [], kubernetesVersion: binaries.version, network: { mode: "overlay", cidr: `10.${Math.floor(n / 256)}.${n % 256}.0/24` },
          workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "ubuntu" }],
        } } as never);
        await kube.mergePatch(models.Tenant, { name }, { status: { phase: "Ready", readyWorkers: 2, desiredWorkers: 2 } }, "status");
        phase.set(name, "Ready");
      }));
    }
    const { token } = await createDisplay(kube, "kmetal-system", { name: "bench", roles: ["platform-admin"] }, { name: "soak bench", days: 1 });

    app = await startConsole(kubeconfigPath);
    const url = app.url;

    const browser = await launchChromium(["--js-flags=--expose-gc"]);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${url}/noc/link/${token}`);
    await page.getByRole("group", { name: "Fleet totals" }).waitFor({ timeout: 120_000 });
    const cdp = await page.context().newCDPSession(page);

    // What the wall shows now: the "degraded or refused" total and the phase of each tile on screen.
    const shown = () => page.evaluate(`(() => {
      const label = [...document.querySelectorAll('[role="group"] span')].find((s) => s.textContent === "degraded or refused");
      const failing = Number((label?.previousElementSibling?.textContent ?? "NaN").replace(/[^0-9]/g, ""));
      const tiles = [...document.querySelectorAll('li[data-testid^="tile-"]')].map((li) => [li.getAttribute("aria-label"), li.querySelector("h2 + span")?.textContent ?? ""]);
      return { failing, tiles };
    })()`) as Promise<{ failing: number; tiles: [string, string][] }>;

    let written = 0;
    let missed = 0;
    const samples: { min: number; heapMiB: number; rssMiB: number; mismatches: number }[] = [];
    const sample = async (min: number) => {
      await sleep(3_000); // changes paused: let the last ones arrive
      const s = await shown();
      const failing = [...phase.values()].filter((p) => p === "Degraded").length;
      let mismatches = s.failing === failing ? 0 : 1;
      for (const [name, p] of s.tiles) if (phase.get(name) !== p.trim() && phase.get(name)?.toUpperCase() !== p.trim().toUpperCase()) mismatches++;
      missed += mismatches;
      await cdp.send("HeapProfiler.collectGarbage");
      const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
      const row = { min, heapMiB: heap.usedSize / 2 ** 20, rssMiB: processTree(app!.proc.pid!).rssKiB / 1024, mismatches };
      samples.push(row);
      console.log(`minute ${min}: ${written} changes written; wall: ${s.failing} degraded (expected ${failing}), ${s.tiles.length} tiles on screen, ${mismatches} mismatches; browser heap ${row.heapMiB.toFixed(1)} MiB, console RSS ${row.rssMiB.toFixed(0)} MiB`);
    };

    await sample(0);
    const t0 = Date.now();
    for (let m = 1; m <= minutes; m++) {
      const end = t0 + m * 60_000 - 3_000;
      while (Date.now() < end) {
        const tick = Date.now();
        for (let k = 0; k < rate; k++) {
          const name = names[crypto.randomInt(names.length)]!;
          const next = phase.get(name) === "Ready" ? "Degraded" : "Ready";
          phase.set(name, next);
          written++;
          await kube.mergePatch(models.Tenant, { name }, { status: { phase: next } }, "status");
        }
        await sleep(Math.max(0, 1_000 - (Date.now() - tick)));
      }
      await sample(m);
    }
    await browser.close();

    const xs = samples.map((s) => s.min / 60);
    const first = samples[0]!, last = samples.at(-1)!;
    console.log(`soak: ${minutes} min, ${count} tenants, ${rate} changes/s (${written} in all), wall open through a display link`);
    console.log(`browser JS heap after GC: ${first.heapMiB.toFixed(1)} → ${last.heapMiB.toFixed(1)} MiB (slope ${slope(xs, samples.map((s) => s.heapMiB)).toFixed(2)} MiB/h)`);
    console.log(`console RSS: ${first.rssMiB.toFixed(0)} → ${last.rssMiB.toFixed(0)} MiB (slope ${slope(xs, samples.map((s) => s.rssMiB)).toFixed(1)} MiB/h)`);
    console.log(`missed updates (wall differing from what was written, at ${samples.length} checks): ${missed} (target 0)`);
    return 0;
  } finally {
    await app?.stop();
    await stop();
  }
}
