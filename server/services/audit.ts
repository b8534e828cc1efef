import "server-only";
import crypto from "node:crypto";
import { AuditLog, type AuditPage, type AuditQuery } from "@/lib/audit/audit-log";
import type { AuditEntry } from "@/lib/audit/entry";
import { recordsToPrune, type AuditRetention } from "@/lib/audit/retention";
import { canReadFleet, tenantAccess, type Principal } from "@/lib/authz/scope";
import { precondition } from "@/server/domain-errors";
import type { CacheRegistry, CacheOf } from "@/server/kube/cache-registry";
import { toKubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

const SECRET_KEYS = /pass(word)?|secret|token|key/i;
/** The input as JSON with anything secret-looking removed, at most 2 KiB. */
export function redact(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  const text = JSON.stringify(input, (k, v) => (SECRET_KEYS.test(k) ? "[redacted]" : v));
  return text.length > 2048 ? `${text.slice(0, 2045)}...` : text;
}

/**
 * Label values must be at most 63 characters, start and end alphanumeric: a user name (any single sign-on
 * claim) is labelled by a hash that always is, with the full name in the record itself.
 */
export const userLabel = (user: string) => crypto.createHash("sha256").update(user, "utf8").digest("hex").slice(0, 40);
const actionLabel = (action: string) => action.toLowerCase().replace(/[^a-z0-9.-]/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "").slice(0, 63);

function recordOf(entry: AuditEntry) {
  const name = `${entry.at.replace(/[^0-9]/g, "").slice(0, 17)}-${crypto.randomBytes(4).toString("hex")}`;
  const labels: Record<string, string> = { "kmetal.io/action": actionLabel(entry.action), "kmetal.io/result": entry.result, "kmetal.io/user": userLabel(entry.user) };
  if (entry.tenant) labels["kmetal.io/tenant"] = entry.tenant;
  return { metadata: { name, labels }, spec: entry };
}

interface AuditCall {
  kube: KubeGateway;
  caches: CacheRegistry;
  identity: Principal;
  /** The procedure, e.g. "tenants.setWorkerReplicas". */
  path: string;
  input: unknown;
  sourceIp?: string;
}

type CallResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * The tenant a call is recorded under: only one the caller's scope covers. An attempt on a tenant outside it
 * is a platform-only record, so an outsider can write nothing into another tenant's log.
 */
async function tenantOf(caches: CacheRegistry, p: Principal, path: string, input: unknown): Promise<string | undefined> {
  const name = (input as { name?: unknown } | undefined)?.name;
  if (!path.startsWith("tenants.") || typeof name !== "string" || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) return undefined;
  if (canReadFleet(p)) return name;
  const t = (await caches.synced("tenants")).get(name);
  return t && tenantAccess(p, t) !== "none" ? name : undefined;
}

/**
 * Runs one mutation under audit. The record is checked by the API server first (dry run): a mutation whose
 * record would be refused is refused itself, with the reason, before anything changes. Then the mutation
 * runs and its record, with the outcome, is written.
 */
export async function auditMutation<R extends CallResult>(call: AuditCall, run: () => Promise<R>): Promise<R> {
  const base = {
    user: call.identity.name, roles: call.identity.roles, action: call.path,
    tenant: await tenantOf(call.caches, call.identity, call.path, call.input),
    input: redact(call.input), sourceIp: call.sourceIp,
  };
  try {
    await call.kube.create(models.AuditRecord, recordOf({ ...base, result: "success", at: new Date().toISOString() }) as never, { dryRun: true });
  } catch (err) {
    throw precondition(`This change was not made: the audit log cannot record it (${toKubeError(err).message})`);
  }
  const result = await run();
  const code = result.ok ? undefined : result.error.code;
  const denied = code === "FORBIDDEN" || code === "UNAUTHORIZED" || code === "NOT_FOUND";
  const entry: AuditEntry = {
    ...base, result: result.ok ? "success" : denied ? "denied" : "error", code,
    message: result.ok ? undefined : result.error.message.slice(0, 1024), at: new Date().toISOString(),
  };
  await call.kube.create(models.AuditRecord, recordOf(entry) as never)
    .catch((err: unknown) => console.error(`audit: could not record ${call.path} by ${call.identity.name}: ${toKubeError(err).message}`));
  return result;
}

/** The console's own writes that are not tRPC mutations (sign-ins, display links) go through here. */
export async function recordAudit(kube: KubeGateway, entry: AuditEntry): Promise<void> {
  await kube.create(models.AuditRecord, recordOf(entry) as never);
}

const logs = new WeakMap<object, AuditLog>();
/** The audit cache, indexed as it changes: reads never sort the whole log. */
async function auditLog(caches: CacheRegistry): Promise<AuditLog> {
  const cache = await caches.synced("audit");
  let log = logs.get(cache);
  if (!log) {
    const fresh = new AuditLog();
    for (const o of cache.list()) fresh.upsert(o.metadata!.name!, o.spec);
    cache.subscribe((ev) => {
      if (ev.type === "STATE") return;
      if (ev.type === "DELETED") fresh.remove(ev.object.metadata!.name!, ev.object.spec.at);
      else fresh.upsert(ev.object.metadata!.name!, ev.object.spec);
    });
    logs.set(cache, (log = fresh));
  }
  return log;
}

/** One page of the entries the principal may see, newest first: platform roles see all, tenant roles their tenants'. */
export async function listAudit(caches: CacheRegistry, p: Principal, q: AuditQuery): Promise<AuditPage> {
  const log = await auditLog(caches);
  const tenants = await caches.synced("tenants");
  const visible = canReadFleet(p)
    ? () => true
    : (e: AuditEntry) => {
      const t = e.tenant ? tenants.get(e.tenant) : undefined;
      return !!t && tenantAccess(p, t) !== "none";
    };
  return log.query(q, visible);
}

/** Deletes what the retention rule says is too old or too many; each replica may run it, deletes are idempotent. */
export async function pruneAudit(kube: KubeGateway, cache: CacheOf<"audit">, r: AuditRetention, nowMs = Date.now()): Promise<number> {
  const names = recordsToPrune(cache.list().map((o) => ({ name: o.metadata!.name!, at: o.spec.at })), r, nowMs);
  for (const name of names) await kube.delete(models.AuditRecord, { name }, { ignoreNotFound: true });
  return names.length;
}

/** "90d" or "720h" in milliseconds. */
export const retentionAgeMs = (text: string) => {
  const m = /^(\d+)(h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration in hours or days: ${text}`);
  return Number(m[1]) * (m[2] === "d" ? 86_400_000 : 3_600_000);
};

/** Prunes the audit log now and every `everyMs` (the console process runs this); returns a stop function. */
export function keepAuditRetention(kube: KubeGateway, caches: CacheRegistry, r: AuditRetention, everyMs = 60_000): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const n = await pruneAudit(kube, await caches.synced("audit", 60_000), r);
      if (n) console.log(`audit: pruned ${n} records past the retention (${r.maxRecords} records, ${Math.round(r.maxAgeMs / 86_400_000)} days)`);
    } catch (err) {
      console.error(`audit: pruning failed: ${toKubeError(err).message}`);
    }
    if (!stopped) (timer = setTimeout(() => void tick(), everyMs)).unref?.();
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
