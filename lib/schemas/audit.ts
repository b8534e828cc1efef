import { z } from "zod";

/** The audit view's filters and paging: the form and audit.list share it. */
export const AuditQuerySchema = z.object({
  tenant: z.string().max(63).optional(),
  user: z.string().max(253).optional(),
  action: z.string().max(128).optional(),
  result: z.enum(["success", "denied", "error"]).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type AuditQueryInput = z.input<typeof AuditQuerySchema>;
