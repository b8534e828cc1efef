import "server-only";
import crypto from "node:crypto";
import { tenantAccess, type Principal } from "@/lib/authz/scope";
import { underKube } from "@/server/kube/client";
import { models } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";
import { tenantCaches } from "@/server/services/tenants";

export interface AuditEntry {
  user: string;
  roles: string[];
  action: string;
  tenant?: string;
  result: "success" | "denied" | "error";
  code?: string;
  message?: string;
  input?: string;
  sourceIp?: string;
  at: string;
}

interface AuditObject {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec: AuditEntry;
}

const SECRET_KEYS = /pass(word)?|secret|token|key/i;
/** The input as JSON with anything secret-looking removed, at most 2 KiB. */
export function redact(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  const text = JSON.stringify(input, (k, v) => (SECRET_KEYS.test(k) ? "[redacted]" : v));
  return text.length > 2048 ? `${text.slice(0, 2045)}...` : text;
}

const labelSafe = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "").slice(0, 63);

/** Writes one immutable AuditRecord to the under cluster. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  const name = `${entry.at.replace(/[^0-9]/g, "").slice(0, 17)}-${crypto.randomBytes(4).toString("hex")}`;
  const labels: Record<string, string> = { "kmetal.io/action": labelSafe(entry.action), "kmetal.io/result": entry.result };
  if (entry.tenant) labels["kmetal.io/tenant"] = labelSafe(entry.tenant);
  const user = labelSafe(entry.user);
  if (user) labels["kmetal.io/user"] = user;
  await underKube().gateway.create(models.AuditRecord, { metadata: { name, labels }, spec: entry } as never);
}

const g = globalThis as unknown as { __kmetalAudit?: WatchCache<AuditObject> };
const auditCache = () => (g.__kmetalAudit ??= new WatchCache<AuditObject>(underKube().gateway, models.AuditRecord).start());

export interface AuditFilter {
  tenant?: string;
  user?: string;
  action?: string;
}

/** Audit entries the principal may see, newest first: platform roles see all, tenant roles their tenants'. */
export async function listAudit(p: Principal, f: AuditFilter, limit = 500): Promise<AuditEntry[]> {
  const cache = auditCache();
  await cache.waitForSync();
  const { tenants } = tenantCaches();
  await tenants.waitForSync();
  const fleet = p.roles.includes("platform-admin") || p.roles.includes("platform-viewer");
  return cache
    .list()
    .map((o) => o.spec)
    .filter((e) => {
      if (!fleet) {
        const t = e.tenant ? tenants.get(e.tenant) : undefined;
        if (!t || tenantAccess(p, t) === "none") return false;
      }
      return (!f.tenant || e.tenant === f.tenant) && (!f.user || e.user === f.user) && (!f.action || e.action === f.action);
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
}
