import { z } from "zod";
import { CERTIFICATE_KINDS } from "@/lib/certificates/kamaji";
import { CERTIFICATE_STATES } from "@/lib/certificates/inventory";

const TenantName = z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "A tenant name");

/** The fleet inventory's filters (the view's filter bar and the router's input). */
export const CertificateFilterSchema = z.object({
  tenant: TenantName.optional(),
  kind: z.enum(CERTIFICATE_KINDS).optional(),
  state: z.enum(CERTIFICATE_STATES as [string, ...string[]]).optional(),
});
export type CertificateFilterInput = z.infer<typeof CertificateFilterSchema>;

/** One tenant's PKI. */
export const TenantPkiSchema = z.object({ name: TenantName });
export type TenantPkiInput = z.infer<typeof TenantPkiSchema>;

/** A CA rotation step for one tenant (lib/tenants/ca-rotation.ts): start the first phase, or complete it. */
export const RotateCaSchema = z.object({ name: TenantName, step: z.enum(["start", "complete"]) });
export type RotateCaInput = z.infer<typeof RotateCaSchema>;
