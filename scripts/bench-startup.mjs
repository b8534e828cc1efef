// Start-up benchmark: runs `kmetal up` in a fresh data dir N times (default 3) and prints, per run, the time
// to the under cluster's /readyz, to the CRDs being established, and to the console's first page (HTTP 200
// on /login), measured from the start of the command; plus each process's resident memory once ready.
// Usage: node scripts/bench-startup.mjs [runs]
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const runs = Number(process.argv[2] ?? 3);
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Make sure binaries and the console build are cached, so the runs measure start-up only.
spawnSync(process.execPath, ["bin/kmetal.mjs", "prepare"], { cwd: root, stdio: "inherit" });

const rows = [];
for (let i = 0; i < runs; i++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-bench-"));
  const port = await freePort();
  const env = { ...process.env, KMETAL_DATA_DIR: dataDir, KMETAL_PORT: String(port), KMETAL_BOOTSTRAP_PASSWORD: "bench-password-123" };
  const t0 = performance.now();
  const child = spawn(process.execPath, ["bin/kmetal.mjs", "up"], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  const marks = {};
  child.stderr.setEncoding("utf8").on("data", (d) => {
    const now = (performance.now() - t0) / 1000;
    if (d.includes("local under cluster ready") && !marks.readyz) marks.readyz = now;
    if (d.includes("CRDs installed") && !marks.crds) marks.crds = now;
  });
  let firstPage;
  try {
  while (!firstPage && performance.now() - t0 < 300_000) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/login`);
      if (res.status === 200) firstPage = (performance.now() - t0) / 1000;
    } catch { /* not up yet */ }
    if (!firstPage) await sleep(50);
  }
  const stateFile = path.join(dataDir, "state.json");
  while (!fs.existsSync(stateFile)) await sleep(50); // published right after the console answers
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  const rss = {};
  for (const p of state.processes) {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p.pid}/status`, "utf8"));
    rss[p.name] = m ? Math.round(Number(m[1]) / 1024) : undefined;
  }
  rows.push({ readyz: marks.readyz, crds: marks.crds, firstPage, rss });
  } finally {
    // Always stop what this run started, even when a measurement failed.
    spawnSync(process.execPath, ["bin/kmetal.mjs", "down"], { cwd: root, env, stdio: "ignore" });
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const { readyz, crds, rss } = rows.at(-1);
  console.log(`run ${i + 1}: under cluster /readyz ${readyz?.toFixed(1)} s, CRDs established ${crds?.toFixed(1)} s, console first page ${firstPage?.toFixed(1)} s; RSS MB ${JSON.stringify(rss)}`);
}
console.log(`\nmedian of ${runs} (cached binaries and console build, fresh data dir):`);
console.log(`  kmetal up → under cluster /readyz: ${median(rows.map((r) => r.readyz)).toFixed(1)} s`);
console.log(`  kmetal up → CRDs established:      ${median(rows.map((r) => r.crds)).toFixed(1)} s`);
console.log(`  kmetal up → console first page:    ${median(rows.map((r) => r.firstPage)).toFixed(1)} s`);
