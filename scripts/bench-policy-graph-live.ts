// Policy graph in the browser: the objects of `bench:policy-graph`'s fleet (2,000 tenants by default, each with a
// VPC and 1–3 subnets, 5 % peered, ACLs and NetworkPolicies) written to a fresh local under cluster, the
// production console running against it, and /network open in Chromium (the matrix view at this size).
// Then one object changes at a time: a subnet of a tenant without a VPC appears (it falls into the default VPC:
// the tenant reaches the platform, one violation more) and goes again. Prints, over those changes:
//   - change → graph in the browser: from the write's answer until the page shows the new violation count
//     (the count and the matrix are drawn from the same pushed graph, in the same render), p50/p95/max;
//   - the console's resident memory with the graph held, and its CPU time for the changes.
// Usage: node scripts/run-ts.mjs scripts/bench-policy-graph-live.ts [tenants=2000] [changes=40]
import { fleet } from "@/scripts/bench-policy-graph";
import { benchCluster, pool, launchChromium, signInPage, sleep, startConsole, type BenchConsole } from "@/test/bench-console";
import { processTree } from "@/test/process-tree";
import { models, type ModelName } from "@/server/kube/models";
import { ensureBootstrapAdmin } from "@/server/services/users";
import { TENANT_LABEL } from "@/lib/policy-graph/topology";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;


export async function main(args: string[]): Promise<number> {
  const count = Number(args[0] ?? 2000);
  const changes = Number(args[1] ?? 40);
  const { kube, kubeconfigPath, stop } = await benchCluster("graph");
  let app: BenchConsole | undefined;
  try {
    await ensureBootstrapAdmin(kube, "kmetal-system", "bench-password-123");
    const objs = fleet(count);
    const t0 = Date.now();
    // Namespaces first: the namespaced objects need theirs.
    const create = async (o: (typeof objs)[number]) => {
      const model = models[o.kind as ModelName];
      if (!model) throw new Error(`no model for ${o.kind}`);
      // kube-system and default are there already.
      await kube.create(model, o as never).catch((err: { status?: number }) => {
        if (err.status !== 409) throw err;
      });
    };
    await pool(objs.filter((o) => o.kind === "Namespace"), 24, create);
    await pool(objs.filter((o) => o.kind !== "Namespace"), 24, create);
    console.log(`seeded ${objs.length} objects of ${count} tenants in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    app = await startConsole(kubeconfigPath);
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(page, app.url, "admin", "bench-password-123");
    const tOpen = Date.now();
    await page.goto(`${app.url}/network`);
    await page.getByRole("heading", { name: "Network policy graph", level: 1 }).waitFor({ timeout: 120_000 });
    // The violations figure: its text, and when each text was first on the page.
    const violations = () => page.evaluate(`(() => {
      const title = [...document.querySelectorAll("h3, [data-slot=card-title]")].find((e) => e.textContent === "Violations");
      return title?.nextElementSibling?.textContent ?? null;
    })()`) as Promise<string | null>;
    for (let i = 0; i < 1200 && (await violations()) === null; i++) await sleep(100);
    const initial = await violations();
    if (initial === null) throw new Error("the Violations figure never showed on /network");
    console.log(`/network with ${count} tenants: first drawn ${((Date.now() - tOpen) / 1000).toFixed(1)} s after navigation; ${initial} violations`);
    await page.evaluate(`(() => {
      const title = [...document.querySelectorAll("h3, [data-slot=card-title]")].find((e) => e.textContent === "Violations");
      const el = title.nextElementSibling;
      window.__seen = new Map();
      new MutationObserver(() => { if (!window.__seen.has(el.textContent)) window.__seen.set(el.textContent, Date.now()); })
        .observe(el, { subtree: true, childList: true, characterData: true });
    })()`);
    const seenAt = (text: string) => page.evaluate(`window.__seen.get(${JSON.stringify(text)}) ?? null`) as Promise<number | null>;

    const base = Number(initial.replace(/[^0-9]/g, ""));
    const fmt = (n: number) => n.toLocaleString("en");
    const before = processTree(app.proc.pid!);
    const lat: number[] = [];
    for (let i = 0; i < changes; i++) {
      const tenant = `t${(i * 37) % count}`;
      const name = `rogue-${i}`;
      const appear = i % 2 === 0;
      const want = fmt(appear ? base + 1 : base);
      await page.evaluate(`window.__seen.delete(${JSON.stringify(want)})`);
      const s = Date.now();
      if (appear) await kube.create(models.Subnet, { metadata: { name, labels: { [TENANT_LABEL]: tenant } }, spec: { cidrBlock: `172.30.${i}.0/24`, protocol: "IPv4" } } as never);
      else await kube.delete(models.Subnet, { name: `rogue-${i - 1}` });
      let at: number | null = null;
      for (let k = 0; k < 1000 && at === null; k++) {
        at = await seenAt(want);
        if (at === null) await sleep(10);
      }
      if (at === null) throw new Error(`change ${i} never reached the page (waiting for ${want} violations)`);
      lat.push(at - s);
      await sleep(200);
    }
    const after = processTree(app.proc.pid!);
    await browser.close();
    console.log(`change → graph in the browser (${count} tenants): p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms, max ${Math.max(...lat)} ms over ${lat.length} changes (target p95 ≤ 1000 ms)`);
    console.log(`console CPU for the changes: ${((after.ticks - before.ticks) / 100).toFixed(1)} s; console RSS with the graph held: ${(after.rssKiB / 1024).toFixed(0)} MiB`);
    return 0;
  } finally {
    await app?.stop();
    await stop();
  }
}
