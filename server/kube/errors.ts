import "server-only";
import { isBranded } from "@/lib/branded";

/** One field-level cause from a Kubernetes Status (e.g. a CRD schema violation). */
export interface KubeCause {
  field?: string;
  reason?: string;
  message?: string;
}

// The one gateway per process lives on globalThis while Next bundles this module into several chunks: without
// the brand (lib/branded.ts), errors thrown by a gateway made in another chunk would fail `instanceof` and the
// tRPC pipeline would answer 500 instead of 409/404.
const BRAND = Symbol.for("kmetal.io/KubeError");

/**
 * Every failed call to the API server becomes a KubeError carrying the server's own Status message.
 * status 0 means the server could not be reached at all.
 */
export class KubeError extends Error {
  override readonly name = "KubeError";
  readonly [BRAND] = true;
  static [Symbol.hasInstance](value: unknown): value is KubeError {
    return isBranded(value, BRAND);
  }
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly causes: KubeCause[] = [],
    /** How long the server asks to wait before retrying (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  get unreachable() {
    return this.status === 0;
  }
}

interface StatusLike {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: KubeCause[]; retryAfterSeconds?: number };
}

/** client-node 1.x puts the raw response text in `body`; a proxy may return HTML, so parsing may fail. */
export function parseStatus(body: unknown): StatusLike | undefined {
  if (body == null) return undefined;
  if (typeof body === "object") return body as StatusLike;
  if (typeof body !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === "object" ? (parsed as StatusLike) : undefined;
  } catch {
    return undefined;
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "UND_ERR_SOCKET"]);

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && typeof e === "object" && i < 5; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  const msg = err instanceof Error ? err.message : "";
  return [...NETWORK_CODES].find((c) => msg.includes(c));
}

/** Turns anything thrown by client-node (ApiException, FetchError, a Status object) into a KubeError. */
export function toKubeError(err: unknown): KubeError {
  if (err instanceof KubeError) return err;
  const e = err as { code?: unknown; body?: unknown } | undefined;
  const httpStatus = typeof e?.code === "number" ? e.code : undefined;
  if (httpStatus !== undefined) {
    const status = parseStatus(e?.body);
    const message = status?.message?.trim() || `the API server answered HTTP ${httpStatus}`;
    return new KubeError(httpStatus, status?.reason ?? "Unknown", message, status?.details?.causes ?? [], status?.details?.retryAfterSeconds);
  }
  const asStatus = parseStatus(err);
  if (asStatus?.kind === "Status" && typeof asStatus.code === "number") {
    return new KubeError(asStatus.code, asStatus.reason ?? "Unknown", asStatus.message ?? "request failed", asStatus.details?.causes ?? []);
  }
  const net = networkCode(err);
  if (net) return new KubeError(0, "Unreachable", `the API server is unreachable (${net})`);
  return new KubeError(0, "Unknown", err instanceof Error ? err.message.split("\n")[0]! : String(err));
}
