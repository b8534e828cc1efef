import path from "node:path";
import { installCrds, readCrdFiles } from "@/server/kube/crds";
import { gatewayFromFile } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { repoRoot, type Binaries } from "@/server/local/binaries";
import { LocalProvider } from "@/server/local/provider/provider";
import { UnderCluster } from "@/server/local/under-cluster";
import { TenantController } from "@/server/reconciler/controller";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { ensureNamespace } from "@/server/services/users";

/**
 * For the benches that provision real tenants: an under cluster in `dir` with the CRDs, the console's namespace
 * and the platform policy, the local provider and a tenant controller that leads.
 */
export async function provisioningCluster(binaries: Binaries, dir: string): Promise<{ kube: KubeGateway; stop: () => Promise<void> }> {
  const under = new UnderCluster({ dir: path.join(dir, "under"), binaries });
  const info = await under.start();
  const kube = gatewayFromFile(info.kubeconfigPath);
  await installCrds(kube, readCrdFiles(path.join(repoRoot(), "deploy", "crds")));
  await ensureNamespace(kube, "kmetal-system");
  await ensurePlatformPolicy(kube, [binaries.version]);
  const provider = new LocalProvider({ kube, binaries, dir: path.join(dir, "tenants") });
  await provider.start();
  const controller = new TenantController(kube, { namespace: "kmetal-system" });
  await controller.start();
  while (!controller.isLeader) await new Promise((r) => setTimeout(r, 50));
  return {
    kube,
    stop: async () => {
      await controller.stop();
      await provider.stop();
      await under.stop();
    },
  };
}
