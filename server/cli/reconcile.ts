import { env } from "@/lib/env.js";
import { consoleConnection } from "@/server/kube/client";
import { TenantController } from "@/server/reconciler/controller";
import { ensureNamespace } from "@/server/services/users";

const log = (line: string) => process.stderr.write(`kmetal: ${line}\n`);

/** `kmetal reconcile`: the tenant reconciler as its own process (production), with leader election. */
export async function reconcile(): Promise<number> {
  const { gateway, source } = consoleConnection();
  log(`reconciler against ${gateway.server} (credentials from ${source})`);
  await ensureNamespace(gateway, env.KMETAL_NAMESPACE);
  const controller = new TenantController(gateway, { namespace: env.KMETAL_NAMESPACE, identity: env.KMETAL_RECONCILER_ID, log });
  await controller.start();
  log("reconciler started");
  await new Promise<void>((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => resolve());
  });
  await controller.stop();
  return 0;
}
