import "server-only";
import { scopeKey } from "@/lib/authz/scope";
import { asWallDiffs, withHeartbeat } from "@/server/api/wall-stream";
import { createTRPCRouter, wallProcedure } from "@/server/api/trpc";
import { liveFeed } from "@/server/kube/live-feed";
import { auditDisplayOpen } from "@/server/services/displays";
import { fleetFreshness, fleetHealthSources, wallView } from "@/server/services/fleet-health";

export const nocRouter = createTRPCRouter({
  // noc.wall – a tile per tenant the viewer may see, worst first, with totals (users, or a display link)
  wall: wallProcedure.query(async ({ ctx }) => {
    if (!ctx.identity && ctx.display) await auditDisplayOpen(ctx.console, ctx.display, ctx.sourceIp);
    return wallView(ctx.caches, ctx.viewer);
  }),
  // noc.watchWall – the wall once, then after each change only the tiles that changed, with a heartbeat that
  // says how fresh the data is
  watchWall: wallProcedure.subscription(({ ctx, signal }) =>
    withHeartbeat(
      asWallDiffs(liveFeed(ctx.caches, { key: `wall:${scopeKey(ctx.viewer)}`, sources: fleetHealthSources(ctx.caches), read: () => wallView(ctx.caches, ctx.viewer), coalesceMs: 250 }, signal)),
      () => fleetFreshness(ctx.caches),
    )),
});
