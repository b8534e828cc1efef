import { z } from "zod";
import { TenantName } from "@/lib/schemas/tenant";

/** trends.fleet: how many points the chart wants at most (the history is bucketed down to that). */
export const FleetTrendInputSchema = z.object({ maxPoints: z.number().int().min(10).max(2000).default(288) }).default({ maxPoints: 288 });
/** trends.tenant: one tenant's trend. */
export const TenantTrendInputSchema = z.object({ name: TenantName, maxPoints: z.number().int().min(10).max(2000).default(288) });
export type TenantTrendInput = z.infer<typeof TenantTrendInputSchema>;
