import "server-only";
import { env } from "@/lib/env.js";
import { displayLinkPath } from "@/lib/display/token";
import { CreateDisplaySchema, DisplayRefSchema } from "@/lib/schemas/display";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { createDisplay, listDisplays, revokeDisplay } from "@/server/services/displays";

const ns = () => env.KMETAL_NAMESPACE;

export const displaysRouter = createTRPCRouter({
  // displays.list – the NOC displays with their state (never a token or its hash)
  list: adminProcedure.query(({ ctx }) => listDisplays(ctx.console, ns())),
  // displays.create – a named display; its link (with the token) is returned this once and never stored
  create: adminProcedure.input(CreateDisplaySchema).mutation(async ({ ctx, input }) => {
    const { id, token } = await createDisplay(ctx.kube, ns(), ctx.identity, input);
    return { id, path: displayLinkPath(token) };
  }),
  // displays.revoke – the link stops working at once, open walls included
  revoke: adminProcedure.input(DisplayRefSchema).mutation(({ ctx, input }) => revokeDisplay(ctx.kube, ctx.console, ns(), ctx.identity, input.id)),
});
