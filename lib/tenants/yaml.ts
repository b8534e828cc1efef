import type { CreateTenantInput } from "@/lib/schemas/tenant";

const q = (s: string) => (/^[\w.\-/:]+$/.test(s) ? s : JSON.stringify(s));

/** The Tenant manifest the wizard will create, as YAML for the review step. */
export function tenantYaml(t: CreateTenantInput): string {
  const lines = ["apiVersion: kmetal.io/v1alpha1", "kind: Tenant", "metadata:", `  name: ${q(t.name || "<name>")}`, "spec:"];
  if (t.displayName) lines.push(`  displayName: ${q(t.displayName)}`);
  if (t.owners?.length) lines.push("  owners:", ...t.owners.map((o) => `    - ${q(o)}`));
  lines.push(`  kubernetesVersion: ${t.kubernetesVersion}`, "  network:", `    mode: ${t.network.mode}`, `    cidr: ${q(t.network.cidr || "<cidr>")}`);
  if (t.network.mode === "vlan") lines.push(`    vlanId: ${t.network.vlanId}`);
  lines.push("  workerPools:");
  for (const p of t.workerPools) {
    lines.push(`    - name: ${q(p.name)}`, `      replicas: ${p.replicas}`, `      vcpu: ${p.vcpu}`, `      memoryGi: ${p.memoryGi}`, `      diskGi: ${p.diskGi}`, `      image: ${q(p.image)}`);
  }
  const quota = Object.entries(t.quota ?? {}).filter(([, v]) => v !== undefined);
  if (quota.length) lines.push("  quota:", ...quota.map(([k, v]) => `    ${k}: ${v}`));
  if (t.addons?.length) lines.push("  addons:", ...t.addons.map((a) => `    - ${q(a)}`));
  return lines.join("\n") + "\n";
}
