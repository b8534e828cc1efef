import "server-only";
import { auditRouter } from "@/server/api/routers/audit";
import { certificatesRouter } from "@/server/api/routers/certificates";
import { fleetRouter } from "@/server/api/routers/fleet";
import { displaysRouter } from "@/server/api/routers/displays";
import { networkRouter } from "@/server/api/routers/network";
import { nocRouter } from "@/server/api/routers/noc";
import { overviewRouter } from "@/server/api/routers/overview";
import { tenantsRouter } from "@/server/api/routers/tenants";
import { trendsRouter } from "@/server/api/routers/trends";
import { usersRouter } from "@/server/api/routers/users";
import { underClusterRouter } from "@/server/api/routers/under-cluster";
import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";

export const appRouter = createTRPCRouter({ underCluster: underClusterRouter, tenants: tenantsRouter, audit: auditRouter, users: usersRouter, network: networkRouter,
  certificates: certificatesRouter, fleet: fleetRouter, overview: overviewRouter, noc: nocRouter, displays: displaysRouter,
  trends: trendsRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
