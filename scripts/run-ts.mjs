// Runs a TypeScript entry point of this repository with the same loader setup as bin/kmetal.mjs.
// Usage: node scripts/run-ts.mjs scripts/bench-provision.ts [args]
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { register as registerTsx } from "tsx/esm/api";

register("../bin/server-only-hook.mjs", import.meta.url);
registerTsx();
const [file, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...args];
const mod = await import(pathToFileURL(path.resolve(file)).href);
if (typeof mod.main === "function") process.exitCode = await mod.main(args);
