import "server-only";
import type { V1Secret } from "@kubernetes/client-node";
import { displayIdOf, displayVerdict, hashDisplayToken, newDisplayToken, type DisplayRecord, type DisplayVerdict } from "@/lib/display/token";
import type { CreateDisplayInput } from "@/lib/schemas/display";
import type { Principal } from "@/lib/authz/scope";
import { notFound } from "@/server/domain-errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { b64, secretText } from "@/server/kube/secret-data";
import { WatchCache } from "@/server/kube/watch-cache";
import { recordAudit } from "@/server/services/audit";

// Displays live as Secrets in the console's namespace, beside the user records: the API server is the only
// store, platform admins may create and patch them there (the RBAC the chart installs), and a record holds only
// the SHA-256 of its token. Revoking sets revokedAt rather than deleting, so the list keeps who revoked what.

const LABEL = "kmetal.io/display";
const secretName = (id: string) => `kmetal-display-${id}`;

type DisplaySecret = V1Secret & { metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> } };

function recordOf(s: DisplaySecret | undefined): DisplayRecord | undefined {
  if (!s || s.metadata?.labels?.[LABEL] !== "true") return undefined;
  const text = (k: string) => secretText(s, k);
  return {
    id: text("id"), name: text("name"), tokenHash: text("tokenHash"), createdBy: text("createdBy"), createdAt: text("createdAt"), expiresAt: text("expiresAt"),
    ...(text("revokedAt") ? { revokedAt: text("revokedAt"), revokedBy: text("revokedBy") } : {}),
  };
}

type DisplayCache = WatchCache<DisplaySecret>;
const g = globalThis as unknown as { __kmetalDisplays?: Map<string, DisplayCache> };
const cacheKey = (kube: KubeGateway, ns: string) => JSON.stringify([kube.server, ns, kube.impersonate?.user ?? null]);

/** The process's watch cache of the displays in `ns`, read as the console (one per API server and namespace). */
export async function displayCache(kube: KubeGateway, ns: string): Promise<DisplayCache> {
  const all = (g.__kmetalDisplays ??= new Map());
  const key = cacheKey(kube, ns);
  let cache = all.get(key);
  if (!cache) all.set(key, (cache = new WatchCache<DisplaySecret>(kube, models.Secret, { namespace: ns, labelSelector: `${LABEL}=true` }).start()));
  await cache.waitForSync(10_000);
  return cache;
}

/** What the displays page lists: never the hash. */
export interface DisplayView {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  state: "active" | "revoked" | "expired";
}

const stateOf = (r: Pick<DisplayRecord, "revokedAt" | "expiresAt">, now: number): DisplayView["state"] => (r.revokedAt ? "revoked" : Date.parse(r.expiresAt) <= now ? "expired" : "active");

export async function listDisplays(own: KubeGateway, ns: string): Promise<DisplayView[]> {
  const now = Date.now();
  return (await displayCache(own, ns)).list()
    .map(recordOf)
    .filter((r): r is DisplayRecord => !!r)
    .map(({ tokenHash: _h, ...r }) => ({ ...r, state: stateOf(r, now) }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name));
}

/**
 * A new display: its record is written as the admin (`kube` impersonates them), and the token is returned once,
 * here, for the link. It is never stored or logged.
 */
export async function createDisplay(kube: KubeGateway, ns: string, by: Principal, input: CreateDisplayInput, now = new Date()): Promise<{ id: string; token: string }> {
  const { id, token } = newDisplayToken();
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000).toISOString();
  const data = { id, name: input.name, tokenHash: await hashDisplayToken(token), createdBy: by.name, createdAt: now.toISOString(), expiresAt };
  await kube.create(models.Secret, {
    metadata: { name: secretName(id), namespace: ns, labels: { [LABEL]: "true", "app.kubernetes.io/part-of": "kmetal" } },
    type: "kmetal.io/display",
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  } as V1Secret);
  return { id, token };
}

/**
 * Revokes a display as the admin. Returns once this process's cache has seen it, so every request and open
 * wall stream this console serves is refused from then on (other replicas follow as their watch delivers it).
 */
export async function revokeDisplay(kube: KubeGateway, own: KubeGateway, ns: string, by: Principal, id: string): Promise<void> {
  const cache = await displayCache(own, ns);
  if (!recordOf(cache.get(secretName(id), ns)) && !recordOf(await own.find<DisplaySecret>(models.Secret, { name: secretName(id), namespace: ns }))) {
    throw notFound(`No display ${id}`);
  }
  const patched = await kube.mergePatch<DisplaySecret>(models.Secret, { name: secretName(id), namespace: ns }, {
    data: { revokedAt: b64(new Date().toISOString()), revokedBy: b64(by.name) },
  });
  const rv = patched.metadata?.resourceVersion;
  await new Promise<void>((resolve) => {
    const seen = () => cache.get(secretName(id), ns)?.metadata?.resourceVersion === rv || !!recordOf(cache.get(secretName(id), ns))?.revokedAt;
    if (seen()) return resolve();
    const timer = setTimeout(() => (off(), resolve()), 10_000);
    const off = cache.subscribe(() => {
      if (seen()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/** The display a token opens, if any, from the cache (a link opened before the cache saw its record is read once). */
export async function displayForToken(own: KubeGateway, ns: string, token: string, nowMs = Date.now()): Promise<{ verdict: DisplayVerdict; display?: { id: string; name: string } }> {
  const id = displayIdOf(token);
  if (!id) return { verdict: "unknown" };
  const cache = await displayCache(own, ns);
  const rec = recordOf(cache.get(secretName(id), ns)) ?? recordOf(await own.find<DisplaySecret>(models.Secret, { name: secretName(id), namespace: ns }));
  const verdict = displayVerdict(rec, await hashDisplayToken(token), nowMs);
  return verdict === "valid" && rec ? { verdict, display: { id: rec.id, name: rec.name } } : { verdict };
}

/** Calls `onEnd` once, as soon as the display is revoked, removed or expires; returns a function that stops watching. */
export async function whenDisplayEnds(own: KubeGateway, ns: string, id: string, onEnd: () => void): Promise<() => void> {
  const cache = await displayCache(own, ns);
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    stop();
    onEnd();
  };
  const check = () => {
    const rec = recordOf(cache.get(secretName(id), ns));
    if (!rec || stateOf(rec, Date.now()) !== "active") end();
  };
  const off = cache.subscribe((ev) => ev.type !== "STATE" && check());
  const rec = recordOf(cache.get(secretName(id), ns));
  const untilExpiry = rec ? Date.parse(rec.expiresAt) - Date.now() : 0;
  // setTimeout takes at most 2^31-1 ms (about 24 days); a longer-lived stream re-checks at that point.
  const timer = setTimeout(check, Math.min(Math.max(0, untilExpiry), 2_147_000_000));
  const stop = () => {
    off();
    clearTimeout(timer);
  };
  check();
  return stop;
}

// Opening the wall with a link is recorded, at most once a minute per display and process: a wall that
// reconnects all night does not flood the log.
const opened = new Map<string, number>();
export async function auditDisplayOpen(own: KubeGateway, display: { id: string; name: string }, sourceIp?: string, nowMs = Date.now()): Promise<void> {
  if ((opened.get(display.id) ?? 0) > nowMs - 60_000) return;
  opened.set(display.id, nowMs);
  await recordAudit(own, {
    user: `display:${display.id}`, roles: [], action: "display.open", result: "success", input: JSON.stringify({ name: display.name }), sourceIp, at: new Date(nowMs).toISOString(),
  }).catch((err: unknown) => console.error(`audit: could not record the opening of display ${display.id}: ${(err as Error).message}`));
}
