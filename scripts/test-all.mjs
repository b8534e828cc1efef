// The one test command (npm test): typecheck, lint, unit and integration tests (Vitest, against a real
// local under cluster) and end-to-end tests (Playwright in Debian's Chromium). Installs what it needs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// Not test-results/: Playwright empties that folder when it starts.
const results = path.join(root, ".kmetal-test", "reports");
fs.mkdirSync(results, { recursive: true });
const failures = [];
const t0 = Date.now();

function run(name, cmd, args, env = {}) {
  const start = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const secs = ((Date.now() - start) / 1000).toFixed(0);
  console.log(`=== ${name}: ${r.status === 0 ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} in ${secs}s`);
  if (r.status !== 0) failures.push(name);
  return r.status === 0;
}

function ensureChromium() {
  const exe = process.env.KMETAL_CHROMIUM ?? "/usr/bin/chromium";
  if (fs.existsSync(exe)) return true;
  if (process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    run("install chromium (Debian package)", "bash", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"]);
    if (fs.existsSync(exe)) return true;
  }
  console.error(`kmetal: no Chromium at ${exe}; install Debian's chromium package (apt-get install chromium) or set KMETAL_CHROMIUM`);
  failures.push("chromium");
  return false;
}

const node = process.execPath;
// Build the control-plane binaries and the console once, before any timed test hook needs them.
run("prepare (binaries and console build, cached)", node, ["bin/kmetal.mjs", "prepare"]);
run("typecheck", node, ["node_modules/typescript/bin/tsc", "--noEmit"]);
run("lint", node, ["node_modules/eslint/bin/eslint.js", "."]);
run("unit and integration tests (vitest)", node, [
  "node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, "vitest.json")}`,
]);
if (ensureChromium()) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-e2e-"));
  run("end-to-end tests (playwright)", node, ["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], {
    NODE_OPTIONS: "--conditions=react-server",
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(results, "playwright.json"),
    KMETAL_E2E_DATA_DIR: dataDir,
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// One closing line with the totals of both runners.
let passed = 0, failed = 0, skipped = 0;
try {
  const v = JSON.parse(fs.readFileSync(path.join(results, "vitest.json"), "utf8"));
  passed += v.numPassedTests; failed += v.numFailedTests + (v.numFailedTestSuites ?? 0); skipped += v.numPendingTests + v.numTodoTests;
} catch { /* vitest did not run */ }
try {
  const p = JSON.parse(fs.readFileSync(path.join(results, "playwright.json"), "utf8")).stats;
  passed += p.expected + p.flaky; failed += p.unexpected; skipped += p.skipped;
} catch { /* playwright did not run */ }
console.log(`\n${failures.length ? `failed steps: ${failures.join(", ")}` : "all steps passed"} in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length ? 1 : 0);
