// Installs the npm dependencies when node_modules is missing or older than package-lock.json.
// Plain Node with no dependencies, so it runs on a fresh clone.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const lock = fs.readFileSync(path.join(root, "package-lock.json"));
const want = crypto.createHash("sha256").update(lock).digest("hex");
const stamp = path.join(root, "node_modules", ".kmetal-lock-hash");
const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : "";
if (have !== want) {
  // `npm install --no-save` installs exactly the locked versions without rewriting the lock file. Not
  // `npm ci`: it refuses a lock file that lacks other platforms' optional packages (e.g. Next's SWC
  // builds for macOS) when the registry in use does not serve them.
  console.error("kmetal: installing npm dependencies…");
  const r = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error("kmetal: npm install failed; check the access to the npm registry and try again");
    process.exit(r.status ?? 1);
  }
  fs.writeFileSync(stamp, want);
}
