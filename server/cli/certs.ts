import { formatSeconds } from "@/lib/certificates/format";
import { UnreadableInput, parseFlags } from "@/server/cli/policy-input";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { consoleConnection, gatewayFromKubeconfig } from "@/server/kube/client";
import { certificateInventory } from "@/server/services/certificates";
import fs from "node:fs";

/** The CLI reads the whole fleet, as a platform viewer would. */
const OPERATOR = { name: "kmetal-cli", roles: ["platform-viewer" as const] };

/**
 * `kmetal certs [--tenant NAME] [--kubeconfig FILE] [--json]`: every certificate of the tenant PKIs (and the under
 * cluster's serving certificate), soonest end first, read through the console's own key-dropping watch caches.
 */
export async function certs(args: string[]): Promise<number> {
  let flags: Map<string, string>;
  try {
    const parsed = parseFlags(args, ["--tenant", "--kubeconfig"]);
    for (const b of parsed.bare) if (b !== "--json") throw new UnreadableInput(`unknown flag ${b}`);
    flags = parsed.flags;
    if (parsed.bare.has("--json")) flags.set("--json", "");
  } catch (err) {
    process.stderr.write(`kmetal certs: ${(err as Error).message}\n`);
    return 2;
  }
  const kubeconfig = flags.get("--kubeconfig");
  const gateway = kubeconfig ? gatewayFromKubeconfig(fs.readFileSync(kubeconfig, "utf8")) : consoleConnection().gateway;
  const caches = new CacheRegistry(gateway);
  try {
    await Promise.all((["tenants", "policies", "pkiSecrets", "userCertificates"] as const).map((n) => caches.synced(n, 30_000)));
    const tenant = flags.get("--tenant");
    const inv = await certificateInventory(caches, OPERATOR, tenant ? { tenant } : {});
    if (tenant && !inv.certificates.length) {
      process.stderr.write(`kmetal certs: no certificates for tenant "${tenant}" (no such tenant, or its control plane is not made yet)\n`);
      return 1;
    }
    const { certificates } = inv;
    if (flags.has("--json")) {
      process.stdout.write(JSON.stringify(inv, null, 2) + "\n");
      return 0;
    }
    const t = inv.thresholds;
    const rows = certificates.map((c) => [c.tenant ?? "(under cluster)", c.kind, c.state.toUpperCase(),
      c.notAfter ? c.notAfter.replace(/\.\d+Z$/, "Z") : "never", c.remainingSeconds !== undefined ? formatSeconds(c.remainingSeconds) : `age ${formatSeconds(c.ageSeconds)}`,
      c.subject || c.keyType, c.serial.slice(0, 16)]);
    const head = ["TENANT", "KIND", "STATE", "NOT AFTER", "LEFT", "SUBJECT", "SERIAL"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
    const { ok, warning, critical, expired } = inv.counts;
    process.stdout.write([fmt(head), ...rows.map(fmt), "",
      `${certificates.length} certificates: ${ok} ok, ${warning} warning, ${critical} critical, ${expired} expired (warning under ${formatSeconds(t.warningSeconds)}, critical under ${formatSeconds(t.criticalSeconds)})`,
      ...inv.incomplete.map((i) => `incomplete PKI: ${i.tenant} lacks ${i.missing.join(", ")}`)].join("\n") + "\n");
    return 0;
  } finally {
    await caches.stop();
  }
}
