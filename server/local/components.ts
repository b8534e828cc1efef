import { startProcess, tail, type ManagedProcess } from "@/server/local/proc";

export type ComponentName = "kube-controller-manager" | "kube-scheduler";
export const COMPONENTS: readonly ComponentName[] = ["kube-controller-manager", "kube-scheduler"];

export interface ComponentLaunch {
  /** The kubeconfig the component uses for the API and for delegated authentication and authorization. */
  kubeconfig: string;
  /** Its /healthz port (secure; it binds to loopback). */
  port: number;
  logFile: string;
  /** The controller-manager's keys and signer; nothing for the scheduler. */
  extraArgs?: string[];
}

/** Starts kube-controller-manager or kube-scheduler on loopback, without leader election (one replica). */
export function startComponent(name: ComponentName, bin: string, l: ComponentLaunch): ManagedProcess {
  return startProcess(name, bin, [
    `--kubeconfig=${l.kubeconfig}`, `--authentication-kubeconfig=${l.kubeconfig}`, `--authorization-kubeconfig=${l.kubeconfig}`,
    "--leader-elect=false", "--bind-address=127.0.0.1", `--secure-port=${l.port}`, "--v=1",
    ...(l.extraArgs ?? []),
  ], { logFile: l.logFile });
}

/**
 * A bad flag makes a component exit within a moment: waits `ms` (or until one exits) and throws with the log
 * of the first that did. Readiness does not wait for more than that.
 */
export async function quickLivenessCheck(procs: ManagedProcess[], ms: number, owner = ""): Promise<void> {
  await Promise.race([new Promise((r) => setTimeout(r, ms)), ...procs.map((p) => p.exited)]);
  const dead = procs.find((p) => !p.isRunning());
  if (dead) throw new Error(`${dead.name}${owner} exited at start. Last lines of ${dead.logFile}:\n${tail(dead.logFile)}`);
}
