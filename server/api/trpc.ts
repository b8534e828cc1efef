import "server-only";
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Role } from "@/lib/schemas/auth";
import { impersonationFor } from "@/lib/authz/rbac";
import { untilSessionEnds, type StreamSession } from "@/server/api/session-stream";
import { underKube } from "@/server/kube/client";
import { KubeError } from "@/server/kube/errors";
import { ForbiddenError, NotFoundError, PolicyError } from "@/server/services/tenants";
import { recordAudit, redact } from "@/server/services/audit";

export interface Identity {
  name: string;
  roles: Role[];
}

/** The request context: the signed-in identity comes from the session alone, never from request headers. */
export interface Context {
  identity?: Identity;
  /** For the audit log only; never used to decide anything. */
  sourceIp?: string;
  /** When the session ends without another request, and how to tell it is still current: live streams stop there. */
  streamSession?: StreamSession;
}


const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const isProd = process.env.NODE_ENV === "production";
    return {
      ...shape,
      message: error.code === "INTERNAL_SERVER_ERROR" && isProd ? "Internal error" : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        kube: cause instanceof KubeError ? { reason: cause.reason, causes: cause.causes } : null,
        policy: cause instanceof PolicyError ? cause.problems : null,
      },
    };
  },
});

const CODES: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 422: "UNPROCESSABLE_CONTENT", 429: "TOO_MANY_REQUESTS",
};
/** 401 means the console's own credentials failed, which is our fault, not the user's. */
export const trpcCodeFor = (status: number): TRPC_ERROR_CODE_KEY => CODES[status] ?? "INTERNAL_SERVER_ERROR";

/** Maps a KubeError or a domain error from any procedure to a TRPCError carrying a readable message. */
const kubeErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof KubeError) throw new TRPCError({ code: trpcCodeFor(cause.status), message: cause.message, cause });
  if (cause instanceof PolicyError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
  if (cause instanceof ForbiddenError) throw new TRPCError({ code: "FORBIDDEN", message: cause.message, cause });
  return result;
});

/** Every mutation is recorded, with who, what, which tenant, when and the result, including refusals. */
const audit = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const result = await next();
  // Without a session nothing happens beyond the refusal, and an anonymous caller must not be able to
  // write records to the under cluster at will: only signed-in users' mutations are recorded.
  if (type !== "mutation" || !ctx.identity) return result;
  const input = (await getRawInput().catch(() => undefined)) as { name?: unknown } | undefined;
  const code = result.ok ? undefined : result.error.code;
  const denied = code === "FORBIDDEN" || code === "UNAUTHORIZED" || code === "NOT_FOUND";
  await recordAudit({
    user: ctx.identity.name,
    roles: ctx.identity.roles,
    action: path,
    tenant: path.startsWith("tenants.") && typeof input?.name === "string" ? input.name : undefined,
    result: result.ok ? "success" : denied ? "denied" : "error",
    code,
    message: result.ok ? undefined : result.error.message.slice(0, 1024),
    input: redact(input),
    sourceIp: ctx.sourceIp,
    at: new Date().toISOString(),
  }).catch((err: unknown) => console.error(`audit: could not record ${path}: ${(err as Error).message}`));
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure needs a session. `ctx.kube` is the under cluster as the signed-in user (impersonation of
 * the user and their role groups): every write through it is authorized again by the API server, with the
 * RBAC and admission policies the project installs, so a write out of the user's scope fails even if a
 * check here were missing. Reads come from the shared watch caches, filtered by scope.
 */
export const protectedProcedure = t.procedure.use(audit).use(kubeErrors).use(async ({ ctx, type, next }) => {
  if (!ctx.identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const result = await next({ ctx: { identity: ctx.identity, kube: underKube().gateway.as(impersonationFor(ctx.identity)) } });
  if (type === "subscription" && result.ok && ctx.streamSession) {
    return { ...result, data: untilSessionEnds(result.data as AsyncIterable<unknown>, ctx.streamSession) };
  }
  return result;
});

/** Procedures for platform admins and viewers (read-only fleet views). */
export const platformReadProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.identity.roles.some((r) => r === "platform-admin" || r === "platform-viewer")) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This needs the platform-admin or platform-viewer role" });
  }
  return next();
});

/** Procedures only platform admins may call. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.identity.roles.includes("platform-admin")) throw new TRPCError({ code: "FORBIDDEN", message: "This needs the platform-admin role" });
  return next();
});
