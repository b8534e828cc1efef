import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, inject } from "vitest";
import { repoRoot } from "@/server/local/binaries";

/**
 * The reconciler as its own process, exactly as production runs it (`kmetal reconcile`), against the run's
 * under cluster. With `crashAfter` it kills itself with SIGKILL right after that write succeeded (its
 * fault-injection flag).
 */
export function startReconciler(identity: string, crashAfter?: string): ChildProcess {
  return spawn(process.execPath, [path.join(repoRoot(), "bin", "kmetal.mjs"), "reconcile", ...(crashAfter ? ["--crash-after", crashAfter] : [])], {
    env: { ...process.env, KMETAL_KUBECONFIG: inject("kubeconfigPath"), KMETAL_NAMESPACE: "kmetal-system", KMETAL_RECONCILER_ID: identity },
    stdio: ["ignore", "ignore", crashAfter ? "pipe" : "ignore"],
  });
}

/** SIGKILL, resolved once the process is gone (at once if it already is). */
export const kill9 = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : (p.once("exit", () => r()), p.kill("SIGKILL"))));

/** Runs a reconciler until it crashes at `point`; fails the test if it does not get there. */
export async function crashAt(identity: string, point: string, timeoutMs = 90_000): Promise<void> {
  const p = startReconciler(identity, point);
  let said = "";
  p.stderr!.on("data", (d: Buffer) => (said += d.toString()));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | "timeout">((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), timeoutMs);
    p.once("exit", (code, signal) => (clearTimeout(timer), resolve({ code, signal })));
  });
  if (exit === "timeout") await kill9(p);
  expect(exit, `crash point "${point}" was never reached; the reconciler said:\n${said.slice(-3000)}`).toEqual({ code: null, signal: "SIGKILL" });
  expect(said).toContain(`crash point reached after ${point}`);
}
