import { env } from "@/lib/env.js";
import { consoleConnection } from "@/server/kube/client";
import { serveMetrics } from "@/server/metrics/serve";
import { TenantController } from "@/server/reconciler/controller";
import { consoleSubjectFrom } from "@/server/reconciler/reconcile";
import { ensureNamespace } from "@/server/services/users";

const log = (line: string) => process.stderr.write(`kmetal: ${line}\n`);

/**
 * `kmetal reconcile`: the tenant reconciler as its own process (production), with leader election.
 * `crashAfter` (`--crash-after "<write>"`, e.g. "apply Subnet/kmetal-a") is fault injection for the recovery
 * test: the process kills itself with SIGKILL right after that write succeeded, so the test knows the crash
 * point was reached and that nothing ran after it.
 */
export async function reconcile(crashAfter?: string): Promise<number> {
  const { gateway, source } = consoleConnection();
  log(`reconciler against ${gateway.server} (credentials from ${source})`);
  await ensureNamespace(gateway, env.KMETAL_NAMESPACE);
  const controller = new TenantController(gateway, { namespace: env.KMETAL_NAMESPACE, identity: env.KMETAL_RECONCILER_ID, log, probeIntervalMs: env.KMETAL_ENDPOINT_PROBE_SECONDS * 1000,
    consoleSubject: consoleSubjectFrom(env.KMETAL_CONSOLE_SERVICE_ACCOUNT),
    afterWrite: crashAfter ? (what) => {
      if (what !== crashAfter) return;
      log(`crash point reached after ${what}: SIGKILL`);
      process.kill(process.pid, "SIGKILL");
    } : undefined,
  });
  await controller.start();
  log("reconciler started");
  const metrics = env.KMETAL_RECONCILER_METRICS_PORT
    ? serveMetrics(() => controller.metrics.registry, { port: env.KMETAL_RECONCILER_METRICS_PORT, token: env.KMETAL_METRICS_TOKEN, log })
    : undefined;
  await new Promise<void>((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => resolve());
  });
  metrics?.close();
  await controller.stop();
  return 0;
}
