#!/usr/bin/env node
// kmetal: the command line of kMetal Console (local under cluster, console, status).
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./server-only-hook.mjs", import.meta.url);
registerTsx();
const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
