import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import { AuditQuerySchema } from "@/lib/schemas/audit";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { liveFeed, source } from "@/server/kube/live-feed";
import { listAudit } from "@/server/services/audit";

export const auditRouter = createTRPCRouter({
  // audit.list – one page of the recorded actions the caller may see (tenant roles: only their tenants'), newest first
  list: protectedProcedure.input(AuditQuerySchema).query(({ ctx, input }) => listAudit(ctx.caches, ctx.identity, input)),
  // audit.watch – the first page for these filters, pushed when a record is written or pruned
  watch: protectedProcedure.input(AuditQuerySchema.omit({ cursor: true })).subscription(({ ctx, input, signal }) =>
    liveFeed(ctx.caches, {
      key: `audit:${scopeKey(ctx.identity)}:${JSON.stringify(input)}`,
      sources: [source("audit")],
      read: () => listAudit(ctx.caches, ctx.identity, input),
      coalesceMs: 250,
    }, signal)),
});
