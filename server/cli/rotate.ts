import fs from "node:fs";
import { UnreadableInput, parseFlags } from "@/server/cli/policy-input";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { consoleConnection, gatewayFromKubeconfig } from "@/server/kube/client";
import { rotateLeaves, rotationState } from "@/server/services/certificates";

/**
 * `kmetal rotate --tenant NAME --leaves [--kubeconfig FILE]`: new leaf certificates from the same CA, asked for
 * with Kamaji's annotation; waits until the operator has rotated every one and prints the progress.
 */
export async function rotate(args: string[], waitMs = 300_000): Promise<number> {
  let flags: Map<string, string>;
  let bare: Set<string>;
  try {
    ({ flags, bare } = parseFlags(args, ["--tenant", "--kubeconfig", "--ca"]));
    if (flags.has("--ca")) throw new UnreadableInput("CA rotation (--ca start|complete) is not available yet; rotate the leaves with --leaves");
    if (!bare.has("--leaves")) throw new UnreadableInput("say what to rotate: --leaves");
    for (const b of bare) if (b !== "--leaves") throw new UnreadableInput(`unknown flag ${b}`);
    if (!flags.get("--tenant")) throw new UnreadableInput("--tenant NAME is required");
  } catch (err) {
    process.stderr.write(`kmetal rotate: ${(err as Error).message}\n`);
    return 2;
  }
  const tenant = flags.get("--tenant")!;
  const kubeconfig = flags.get("--kubeconfig");
  const gateway = kubeconfig ? gatewayFromKubeconfig(fs.readFileSync(kubeconfig, "utf8")) : consoleConnection().gateway;
  const caches = new CacheRegistry(gateway);
  try {
    const t0 = Date.now();
    const { requested } = await rotateLeaves(gateway, tenant);
    process.stdout.write(`asked for ${requested} new leaf certificates of tenant ${tenant}\n`);
    await caches.synced("pkiSecrets", 30_000);
    let last = -1;
    while (Date.now() - t0 < waitMs) {
      const { pending } = await rotationState(caches, tenant);
      if (pending !== last) process.stdout.write(`  ${requested - pending}/${requested} rotated\n`);
      last = pending;
      if (pending === 0) {
        process.stdout.write(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
        return 0;
      }
      await new Promise<void>((resolve) => {
        const off = caches.get("pkiSecrets").subscribe(() => (off(), resolve()));
        setTimeout(() => (off(), resolve()), 5_000);
      });
    }
    process.stderr.write(`kmetal rotate: ${last} of ${requested} still pending after ${waitMs / 1000} s; the operator may not be running\n`);
    return 1;
  } finally {
    await caches.stop();
  }
}
