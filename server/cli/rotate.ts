import fs from "node:fs";
import { UnreadableInput, parseFlags } from "@/server/cli/policy-input";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { consoleConnection, gatewayFromKubeconfig } from "@/server/kube/client";
import { requestCaRotation, rotateLeaves, rotationState } from "@/server/services/certificates";
import type { CaRotationStatus } from "@/lib/tenants/ca-rotation";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { TenantObject } from "@/lib/schemas/tenant";

/**
 * `kmetal rotate --tenant NAME --leaves [--kubeconfig FILE]`: new leaf certificates from the same CA, asked for
 * with Kamaji's annotation; waits until the operator has rotated every one and prints the progress.
 * `kmetal rotate --tenant NAME --ca start|complete`: a phase of the tenant's CA rotation; waits until the phase
 * is done (Prepared, or Completed) and prints each phase it passes.
 */
export async function rotate(args: string[], waitMs = 300_000): Promise<number> {
  let flags: Map<string, string>;
  let bare: Set<string>;
  try {
    ({ flags, bare } = parseFlags(args, ["--tenant", "--kubeconfig", "--ca"]));
    const ca = flags.get("--ca");
    if (flags.has("--ca") && ca !== "start" && ca !== "complete") throw new UnreadableInput("--ca takes start or complete");
    if (flags.has("--ca") && bare.has("--leaves")) throw new UnreadableInput("rotate either the leaves (--leaves) or the CA (--ca start|complete), not both");
    if (!flags.has("--ca") && !bare.has("--leaves")) throw new UnreadableInput("say what to rotate: --leaves, or --ca start|complete");
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
  const ca = flags.get("--ca") as "start" | "complete" | undefined;
  if (ca) {
    try {
      return await rotateCa(gateway, caches, tenant, ca, waitMs);
    } finally {
      await caches.stop();
    }
  }
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

/** One phase of a CA rotation: asks for it, then prints each phase until it is Prepared (start) or Completed (complete). */
async function rotateCa(gateway: KubeGateway, caches: CacheRegistry, tenant: string, step: "start" | "complete", waitMs: number): Promise<number> {
  const t0 = Date.now();
  const found = await gateway.find<TenantObject & { metadata: { name: string } }>(models.Tenant, { name: tenant });
  if (!found) {
    process.stderr.write(`kmetal rotate: tenant ${tenant} not found\n`);
    return 1;
  }
  try {
    await requestCaRotation(gateway, found, step);
  } catch (err) {
    process.stderr.write(`kmetal rotate: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`asked to ${step} the CA rotation of tenant ${tenant}\n`);
  const target = step === "start" ? "Prepared" : "Completed";
  const tenants = await caches.synced("tenants", 30_000);
  const phaseOf = (): CaRotationStatus | undefined => tenants.get(tenant)?.status?.credentials?.rotation?.certificateAuthorities;
  // The phase of this request: a start is under way once its initiation is newer than the request.
  const mine = (r: CaRotationStatus | undefined) => !!r && (step === "complete" || Date.parse(r.lastInitiationTime ?? "") >= t0 - 1_000);
  let last = "";
  while (Date.now() - t0 < waitMs) {
    const r = phaseOf();
    if (mine(r) && r!.phase !== last) {
      last = r!.phase;
      process.stdout.write(`  ${last} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
    if (mine(r) && r!.phase === target) {
      process.stdout.write(step === "start"
        ? "both CAs are trusted now; hand out new kubeconfigs, then complete with --ca complete\n"
        : "the old CA is gone: certificates it signed, including kubeconfigs issued before the rotation started, no longer work\n");
      return 0;
    }
    await new Promise<void>((resolve) => {
      const off = tenants.subscribe(() => (off(), resolve()));
      setTimeout(() => (off(), resolve()), 5_000);
    });
  }
  process.stderr.write(`kmetal rotate: the CA rotation is ${last || "not started"} after ${waitMs / 1000} s; the reconciler or the operator may not be running\n`);
  return 1;
}
