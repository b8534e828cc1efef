import "server-only";
import { createTRPCRouter, platformReadProcedure } from "@/server/api/trpc";
import { underClusterChanges, underClusterMonitor } from "@/server/services/under-cluster";

export const underClusterRouter = createTRPCRouter({
  // underCluster.status – API server version, readiness, installed CRDs and connection state
  status: platformReadProcedure.query(({ ctx }) => underClusterMonitor({ gateway: ctx.console, caches: ctx.caches, source: ctx.kubeSource }).settled()),
  // underCluster.watch – the same snapshot, pushed on every change (fed by the watch cache and the readiness probe)
  watch: platformReadProcedure.subscription(({ ctx, signal }) => underClusterChanges({ gateway: ctx.console, caches: ctx.caches, source: ctx.kubeSource }, signal)),
});
