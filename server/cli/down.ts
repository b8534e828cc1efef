import { alive, clearState, readState } from "@/server/cli/state";
import { pidHasEnv, pidMatches } from "@/server/local/proc";
import { dataDir } from "@/server/paths";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function down(): Promise<number> {
  const state = readState();
  if (!state || !alive(state.pid)) {
    process.stdout.write("kmetal is not running.\n");
    return 0;
  }
  process.kill(state.pid, "SIGTERM");
  const deadline = Date.now() + 45_000;
  while (alive(state.pid) && Date.now() < deadline) await sleep(200);
  // Anything still alive now is ours and gets killed: its command line names our data dir (the cluster's
  // processes), or its environment does (the console, whose command line is just `next start`). A pid the
  // system gave to some other process since then matches neither.
  const marker = dataDir();
  for (const p of [{ pid: state.pid, name: "kmetal" }, ...state.processes]) {
    if (alive(p.pid) && (p.pid === state.pid || pidMatches(p.pid, marker) || pidHasEnv(p.pid, "KMETAL_DATA_DIR", marker))) {
      process.kill(p.pid, "SIGKILL");
      process.stdout.write(`killed ${p.name} (pid ${p.pid}), which did not stop in time\n`);
    }
  }
  clearState(state.pid);
  process.stdout.write("kmetal stopped.\n");
  return 0;
}
