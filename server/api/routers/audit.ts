import "server-only";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listAudit } from "@/server/services/audit";

export const AuditFilterSchema = z.object({
  tenant: z.string().max(63).optional(),
  user: z.string().max(253).optional(),
  action: z.string().max(128).optional(),
});

export const auditRouter = createTRPCRouter({
  // audit.list – recorded actions the caller may see (tenant roles: only their tenants'), newest first
  list: protectedProcedure.input(AuditFilterSchema).query(({ ctx, input }) => listAudit(ctx.identity, input)),
});
