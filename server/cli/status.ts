import fs from "node:fs";
import { alive, readState } from "@/server/cli/state";
import { probeApiServer, probeEtcd, probeHttp } from "@/server/cli/probe";
import { tenantKubeconfigPath, underKubeconfigPath } from "@/server/paths";

interface ProcessHealth {
  name: string;
  pid: number;
  running: boolean;
  healthy?: boolean;
}

export async function status(json: boolean): Promise<number> {
  const state = readState();
  const running = !!state && alive(state.pid);
  const kubeconfigPath = underKubeconfigPath();
  const report = {
    running,
    consoleUrl: running ? state!.consoleUrl : undefined,
    apiServerUrl: running ? state!.apiServerUrl : undefined,
    etcdUrl: running ? state!.etcdUrl : undefined,
    kubeconfigPath: fs.existsSync(kubeconfigPath) ? kubeconfigPath : undefined,
    processes: [] as ProcessHealth[],
  };
  if (running) {
    const health: Record<string, () => Promise<boolean>> = {
      etcd: () => probeEtcd(state!.etcdUrl, state!.etcdTls),
      "kube-apiserver": () => probeApiServer(state!.kubeconfigPath),
      console: () => probeHttp(`${state!.consoleUrl}/login`),
    };
    report.processes = await Promise.all(
      state!.processes.map(async (p) => {
        const up = alive(p.pid);
        return { name: p.name, pid: p.pid, running: up, healthy: up ? await (health[p.name]?.() ?? Promise.resolve(true)) : false };
      }),
    );
  }
  if (json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else if (!running) {
    process.stdout.write(`kmetal is not running.${report.kubeconfigPath ? ` Kubeconfig (when running): ${report.kubeconfigPath}` : ""}\nStart it with: npx kmetal up\n`);
  } else {
    const lines = [
      `console      ${report.consoleUrl}`,
      `api server   ${report.apiServerUrl}`,
      `etcd         ${report.etcdUrl}`,
      `kubeconfig   ${report.kubeconfigPath}`,
      "",
      ...report.processes.map((p) => `${p.name.padEnd(24)} pid ${String(p.pid).padEnd(8)} ${!p.running ? "STOPPED" : p.healthy ? "healthy" : "UNHEALTHY"}`),
    ];
    process.stdout.write(lines.join("\n") + "\n");
  }
  const allHealthy = report.processes.every((p) => p.running && p.healthy !== false);
  return running && allHealthy ? 0 : running ? 1 : 3;
}

export async function kubeconfig(tenant?: string): Promise<number> {
  if (tenant !== undefined) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(tenant)) throw new Error(`"${tenant}" is not a tenant name`);
    const file = tenantKubeconfigPath(tenant);
    if (!fs.existsSync(file)) throw new Error(`tenant ${tenant} has no control plane on this machine (expected ${file}); is it Ready? see: npx kmetal status`);
    process.stdout.write(file + "\n");
    return 0;
  }
  const file = underKubeconfigPath();
  if (!fs.existsSync(file)) throw new Error(`there is no local under cluster yet (expected ${file}); start it with: npx kmetal up`);
  process.stdout.write(file + "\n");
  return 0;
}
