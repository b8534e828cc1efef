import "server-only";
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ZodError, z } from "zod";
import { DomainError, type DomainErrorKind } from "@/server/domain-errors";
import { KubeError, type KubeCause } from "@/server/kube/errors";

const STATUS_CODES: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 422: "UNPROCESSABLE_CONTENT", 429: "TOO_MANY_REQUESTS",
};
/** 401 (and anything unlisted) means the console's own credentials or the server failed: our fault, not the user's. */
export const trpcCodeFor = (status: number): TRPC_ERROR_CODE_KEY => STATUS_CODES[status] ?? "INTERNAL_SERVER_ERROR";

const DOMAIN_CODES: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  NotFound: "NOT_FOUND", Forbidden: "FORBIDDEN", Conflict: "CONFLICT", Invalid: "BAD_REQUEST", Precondition: "PRECONDITION_FAILED", TooManyRequests: "TOO_MANY_REQUESTS",
};

/** The TRPCError a failure becomes, or undefined when tRPC's own handling is right (zod input errors, TRPCErrors). */
export function toTRPCError(cause: unknown): TRPCError | undefined {
  if (cause instanceof KubeError) {
    // The server could not be reached: say so plainly rather than "Internal error".
    const code = cause.unreachable ? "SERVICE_UNAVAILABLE" as const : trpcCodeFor(cause.status);
    return new TRPCError({ code, message: cause.message, cause });
  }
  if (cause instanceof DomainError) return new TRPCError({ code: DOMAIN_CODES[cause.kind], message: cause.message, cause });
  return undefined;
}

/**
 * A path as the form names its fields: "spec.workerPools[0].replicas" → "workerPools.0.replicas". Objects the
 * console writes carry the form's input under `spec`, so the API server's paths lose that prefix.
 */
export function formPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1").replace(/^\.|^spec\./, "").replace(/^\./, "");
}

export type FieldErrors = Record<string, string[]>;

function add(out: FieldErrors, field: string | undefined, message: string | undefined) {
  if (!field || !message) return;
  const list = (out[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** Every field-level problem a failure carries, keyed by form path: zod issues, domain problems, API server causes. */
export function fieldErrorsOf(cause: unknown): FieldErrors | null {
  const out: FieldErrors = {};
  if (cause instanceof ZodError) for (const i of cause.issues) add(out, i.path.map(String).join("."), i.message);
  if (cause instanceof DomainError) for (const p of cause.problems) add(out, formPath(p.field), p.message);
  if (cause instanceof KubeError) for (const c of cause.causes as KubeCause[]) add(out, c.field ? formPath(c.field) : undefined, c.message);
  return Object.keys(out).length ? out : null;
}

interface ShapeLike {
  message: string;
  data: Record<string, unknown>;
}

/**
 * What the browser gets for an error: the message (hidden for internal errors in production), the field
 * errors for the form, and the API server's reason. Never a stack.
 */
export function formatError<S extends ShapeLike>(shape: S, error: TRPCError, production: boolean) {
  const cause = error.cause;
  return {
    ...shape,
    message: error.code === "INTERNAL_SERVER_ERROR" && production ? "Internal error" : shape.message,
    data: {
      ...shape.data,
      stack: undefined,
      fields: fieldErrorsOf(cause),
      zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      kube: cause instanceof KubeError ? { reason: cause.reason, causes: cause.causes } : null,
      retryAfterSeconds: cause instanceof DomainError || cause instanceof KubeError ? (cause.retryAfterSeconds ?? null) : null,
    },
  };
}
