import type { inferRouterOutputs } from "@trpc/server";
import type { Quota } from "@/lib/schemas/tenant";
import type { AppRouter } from "@/server/api/root";

/** tenants.byName's answer; `effectiveQuota` (own quota over the platform default) comes with newer servers. */
export type TenantDetailData = inferRouterOutputs<AppRouter>["tenants"]["byName"] & { effectiveQuota?: Quota };
