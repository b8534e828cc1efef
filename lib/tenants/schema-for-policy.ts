import { CreateTenantSchema, type PlatformPolicySpec } from "@/lib/schemas/tenant";
import { validateTenant, type OtherTenant } from "@/lib/tenants/validate";

/**
 * The create-tenant schema compiled with the live platform policy and the networks other tenants hold:
 * the wizard validates each step with it, and the router checks the same rules again on the server.
 */
export function createTenantSchemaFor(policy: PlatformPolicySpec, others: OtherTenant[]) {
  return CreateTenantSchema.superRefine((t, ctx) => {
    const { name, ...spec } = t;
    const verdict = validateTenant(name, spec, policy, others);
    if (verdict.ok) return;
    for (const p of verdict.problems) ctx.addIssue({ code: "custom", path: p.field.replace(/^spec\./, "").split("."), message: p.message });
  });
}
