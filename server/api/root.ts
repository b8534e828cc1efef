import "server-only";
import { underClusterRouter } from "@/server/api/routers/under-cluster";
import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";

export const appRouter = createTRPCRouter({ underCluster: underClusterRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
