import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import { env } from "@/lib/env.js";
import { impersonationFor } from "@/lib/authz/rbac";
import { OpenCounter, TokenBuckets } from "@/lib/authz/token-bucket";
import { clientAddress } from "@/lib/net/client-address";
import type { Role } from "@/lib/schemas/auth";
import { formatError, toTRPCError } from "@/server/api/errors";
import { untilSessionEnds, type StreamSession } from "@/server/api/session-stream";
import type { Session } from "next-auth";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { consoleConnection } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { auditMutation } from "@/server/services/audit";
import { DISPLAY_COOKIE } from "@/lib/display/token";
import { untilRevoked } from "@/server/api/wall-stream";
import { cookieFrom } from "@/server/auth/device-cookie";
import { displayForToken, whenDisplayEnds } from "@/server/services/displays";
import { sessionStillCurrent } from "@/server/services/users";

export interface Identity {
  name: string;
  roles: Role[];
}

/** Per-user limits: mutations (a token bucket) and open live streams. */
export interface Limits {
  mutations: TokenBuckets;
  streams: OpenCounter;
}

/**
 * The request context. The identity comes from the session alone, never from request headers; `console`
 * is the console's own connection (audit records, CA access, the watch caches in `caches`); the user's
 * impersonating gateway is added as `ctx.kube` by `protectedProcedure`.
 */
export interface Context {
  identity?: Identity;
  console: KubeGateway;
  caches: CacheRegistry;
  /** Where the console's credentials came from (shown on the Under cluster page). */
  kubeSource?: string;
  limits: Limits;
  /** For the audit log only; never used to decide anything. */
  sourceIp?: string;
  /** When the session ends without another request, and how to tell it is still current: live streams stop there. */
  streamSession?: StreamSession;
  /**
   * A NOC display, when the request carries a valid display link's cookie and no user session: it may reach
   * the wall's procedures (wallProcedure) and nothing else, since every other procedure needs `identity`.
   */
  display?: { id: string; name: string };
}

export function defaultLimits(): Limits {
  return {
    mutations: new TokenBuckets(env.KMETAL_MUTATION_BURST, env.KMETAL_MUTATIONS_PER_MINUTE),
    streams: new OpenCounter(env.KMETAL_MAX_STREAMS_PER_USER),
  };
}
const g = globalThis as unknown as { __kmetalLimits?: Limits };
/** This process's limits, shared by every request (and read by the metrics). */
export const processLimits = () => (g.__kmetalLimits ??= defaultLimits());

/**
 * The context of one HTTP request: who is signed in (the next-auth session the route read), from where,
 * and the console's connection. Nothing else of the request is used.
 */
export async function createTRPCContext({ headers, session }: { headers: Headers; session: Session | null }): Promise<Context> {
  let conn: ReturnType<typeof consoleConnection>;
  try {
    conn = consoleConnection();
  } catch (err) {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: (err as Error).message });
  }
  const { gateway, caches, source } = conn;
  // As far as the trusted reverse proxies tell it (KMETAL_TRUSTED_PROXIES); never the client's own claim.
  const base = { console: gateway, caches, kubeSource: source, limits: processLimits(), sourceIp: clientAddress(headers, env.KMETAL_TRUSTED_PROXIES) };
  if (!session?.user?.name) {
    const token = cookieFrom(headers.get("cookie"), DISPLAY_COOKIE);
    if (!token) return base;
    const { display } = await displayForToken(gateway, env.KMETAL_NAMESPACE, token);
    return display ? { ...base, display } : base;
  }
  const identity = { name: session.user.name, roles: session.user.roles };
  const { provider, loginAt, endsAt, recordId } = session;
  return {
    ...base,
    identity,
    streamSession: endsAt === undefined ? undefined : {
      endsAt,
      stillCurrent: () => sessionStillCurrent(gateway, env.KMETAL_NAMESPACE, { ...identity, provider, loginAt, recordId }),
    },
  };
}

const t = initTRPC.context<Context>().create({
  errorFormatter: ({ shape, error }) => formatError(shape, error, process.env.NODE_ENV === "production"),
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The one place failures become tRPC codes: API server errors and domain errors, each with a readable message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

/** Each user may send so many mutations a minute (a burst, then a steady rate); the rest get 429 and no audit record. */
const limitMutations = t.middleware(({ ctx, type, next }) => {
  if (type !== "mutation" || !ctx.identity) return next();
  const wait = ctx.limits.mutations.take(ctx.identity.name, Date.now());
  if (wait > 0) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many changes in a short time; try again in ${wait} s` });
  return next();
});

/** Every signed-in user's mutation is recorded (refusals too); one whose record cannot be written is refused. */
const audit = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  // Anonymous callers must not be able to write records to the under cluster at will.
  if (type !== "mutation" || !ctx.identity) return next();
  const input = await getRawInput().catch(() => undefined);
  try {
    return await auditMutation({ kube: ctx.console, caches: ctx.caches, identity: ctx.identity, path, input, sourceIp: ctx.sourceIp }, next);
  } catch (err) {
    // Only the audit's own refusal lands here (next() returns failures, it never throws them).
    throw toTRPCError(err) ?? err;
  }
});

/**
 * A live stream that ends when the session would, and frees the user's stream slot however it ends: run
 * to completion, failed, or returned early by the client going away (even before its first value).
 */
function guardedStream<T>(source: AsyncIterable<T>, release: () => void, session?: StreamSession): AsyncIterableIterator<T> {
  const it = (session ? untilSessionEnds(source, session) : source)[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const r = await it.next();
        if (r.done) release();
        return r;
      } catch (err) {
        release();
        throw err;
      }
    },
    async return(value?: unknown) {
      release();
      return (await it.return?.(value)) ?? { done: true as const, value: undefined };
    },
  };
}

/**
 * Every procedure needs a session. `ctx.kube` is the under cluster as the signed-in user (impersonation of
 * the user and their role groups): every write through it is authorized again by the API server, with the
 * RBAC and admission policies the project installs, so a write out of the user's scope fails even if a
 * check here were missing. Reads come from the shared watch caches in `ctx.caches`, filtered by scope.
 */
export const protectedProcedure = t.procedure.use(limitMutations).use(audit).use(mapErrors).use(async ({ ctx, type, next }) => {
  const identity = ctx.identity;
  if (!identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  let release: (() => void) | undefined;
  if (type === "subscription") {
    release = ctx.limits.streams.acquire(identity.name);
    if (!release) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many live views open; close some tabs and reload" });
  }
  const result = await next({ ctx: { identity, kube: ctx.console.as(impersonationFor(identity)) } });
  if (release && result.ok) return { ...result, data: guardedStream(result.data as AsyncIterable<unknown>, release, ctx.streamSession) };
  release?.();
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

/** What a display sees: the fleet, read-only (a name no user can have, so no user's scope is ever shared with it). */
export const displayPrincipal = (d: { id: string }) => ({ name: `display:${d.id}`, roles: ["platform-viewer" as const] });

/**
 * The NOC wall's read-only procedures: a signed-in user (with their own scope and session rules), or a display
 * link (the fleet, no idle limit; its streams end the moment the link is revoked). `ctx.viewer` is who to scope
 * the data for. Only queries and subscriptions: a display never changes anything.
 */
export const wallProcedure = t.procedure.use(mapErrors).use(async ({ ctx, type, next }) => {
  if (type === "mutation") throw new TRPCError({ code: "FORBIDDEN", message: "The wall only reads" });
  const identity = ctx.identity;
  const display = identity ? undefined : ctx.display;
  if (!identity && !display) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in or open a valid display link" });
  const viewer = identity ?? displayPrincipal(display!);
  let release: (() => void) | undefined;
  if (type === "subscription") {
    release = ctx.limits.streams.acquire(viewer.name);
    if (!release) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many live views open; close some tabs and reload" });
  }
  const result = await next({ ctx: { viewer } });
  if (release && result.ok) {
    const data = result.data as AsyncIterable<unknown>;
    const guarded = display ? untilRevoked(data, (onEnd) => whenDisplayEnds(ctx.console, env.KMETAL_NAMESPACE, display.id, onEnd)) : data;
    return { ...result, data: guardedStream(guarded, release, identity ? ctx.streamSession : undefined) };
  }
  release?.();
  return result;
});
