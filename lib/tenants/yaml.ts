import yaml from "js-yaml";
import type { CreateTenantInput } from "@/lib/schemas/tenant";

/**
 * The Tenant manifest the wizard will create, as YAML for the review step, written by a YAML library so
 * any display name or owner ("2024", "null", "a: b", leading spaces) reads back as the same string.
 */
export function tenantYaml(t: CreateTenantInput): string {
  const { name, ...spec } = t;
  const doc = { apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", metadata: { name: name || "<name>" }, spec: dropEmpty(spec) };
  return yaml.dump(doc, { noRefs: true, lineWidth: -1, quotingType: '"' });
}

/** Leaves out what the form left empty (undefined values, empty lists and objects), as the API server would store it. */
function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const d = dropEmpty(x);
      if (d === undefined || (Array.isArray(d) && d.length === 0) || (d && typeof d === "object" && !Array.isArray(d) && Object.keys(d).length === 0)) continue;
      out[k] = d;
    }
    return out;
  }
  return v;
}
