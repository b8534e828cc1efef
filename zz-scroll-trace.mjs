import { chromium } from "@playwright/test";
const [url, out, cats] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-background-networking", ...(process.env.UNCAPPED ? ["--disable-gpu-vsync", "--disable-frame-rate-limit"] : [])] });
const p = await b.newPage({ storageState: "/tmp/hold-state.json" });
await p.goto(`${url}/tenants`);
await p.getByText(/^2,000 of 2,000 tenants$/).waitFor({ timeout: 120000 });
await p.waitForTimeout(1000);
if (out) await b.startTracing(p, { path: out, categories: cats ? cats.split(",") : undefined });
const frames = await p.evaluate(`new Promise((resolve) => {
  const el = document.querySelector('[data-slot="resource-table-scroller"]');
  const out = []; let last = 0; let before = -1; let n = 0;
  const step = (now) => { if (last) out.push(now - last); last = now;
    if (el.scrollTop === before || out.length >= 150) return resolve(out);
    before = el.scrollTop; el.scrollTop += 240; requestAnimationFrame(step); };
  requestAnimationFrame(step); })`);
if (out) await b.stopTracing();
const s = [...frames].sort((a, b) => a - b);
console.log("frames", s.length, "p50", s[Math.floor(s.length / 2)].toFixed(1), "p95", s[Math.floor(s.length * 0.95)].toFixed(1));
await b.close();
