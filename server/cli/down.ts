import { alive, clearState, readState } from "@/server/cli/state";
import { pidMatches } from "@/server/local/proc";
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
  // Anything still alive now is ours (its command line names our data dir) and gets killed.
  const marker = dataDir();
  for (const p of [{ pid: state.pid, name: "kmetal" }, ...state.processes]) {
    if (alive(p.pid) && (p.pid === state.pid || pidMatches(p.pid, marker) || pidMatches(p.pid, "next"))) {
      process.kill(p.pid, "SIGKILL");
      process.stdout.write(`killed ${p.name} (pid ${p.pid}), which did not stop in time\n`);
    }
  }
  clearState(state.pid);
  process.stdout.write("kmetal stopped.\n");
  return 0;
}
