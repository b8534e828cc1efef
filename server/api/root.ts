import "server-only";
import { tenantsRouter } from "@/server/api/routers/tenants";
import { underClusterRouter } from "@/server/api/routers/under-cluster";
import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";

export const appRouter = createTRPCRouter({ underCluster: underClusterRouter, tenants: tenantsRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
