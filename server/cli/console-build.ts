import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@/server/local/binaries";

const SOURCES = ["app", "components", "lib", "server", "public", "i18n", "messages", "instrumentation.ts", "proxy.ts", "next.config.js", "tailwind.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

/** A hash of everything `next build` reads, so an unchanged tree is never rebuilt. */
export function sourceHash(root = repoRoot()): string {
  const h = crypto.createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (!e.endsWith(".test.ts") && e !== "node_modules") walk(path.join(p, e));
    } else {
      h.update(path.relative(root, p)).update("\0").update(fs.readFileSync(p)).update("\0");
    }
  };
  for (const s of SOURCES) walk(path.join(root, s));
  return h.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "kmetal-source-hash");

/** Runs `next build` unless the existing build was made from the same sources. Returns the seconds it took (0 if cached). */
export async function ensureConsoleBuild(logFile: string, log: (l: string) => void): Promise<number> {
  const root = repoRoot();
  const hash = sourceHash(root);
  const stamp = stampFile(root);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash && fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return 0;
  log("building the console (next build; about 2 minutes on 2 cores, once per source change)");
  const t0 = Date.now();
  const out = fs.openSync(logFile, "w");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: root, stdio: ["ignore", out, out], env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", resolve);
    child.on("error", reject);
  });
  fs.closeSync(out);
  if (code !== 0) throw new Error(`next build failed (exit ${code}); see ${logFile}`);
  fs.writeFileSync(stamp, hash);
  return (Date.now() - t0) / 1000;
}
