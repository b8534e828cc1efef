import "server-only";
import crypto from "node:crypto";
import type { V1Secret } from "@kubernetes/client-node";
import { OIDC_PROVIDER_ID, OIDC_USER_PREFIX } from "@/lib/authz/oidc";
import type { Role } from "@/lib/schemas/auth";
import { hashPassword, randomPassword, verifyPassword } from "@/server/auth/password";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";
import { b64, unb64 } from "@/server/kube/secret-data";

// Users of the embedded credentials provider live as Secrets in the console's namespace on the under
// cluster: the API server is the only store, and only a password hash is kept.
const secretName = (username: string) => `kmetal-user-${username}`;

// A single sign-on user ("oidc:…") has a record only once an admin disables them: no password hash, no roles
// (those come from the identity provider at each sign-in), only whether they are disabled and since when their
// sessions count. The claim may hold any printable ASCII, so the Secret's name is a hash of the console name;
// "kmetal-sso-" can never be "kmetal-user-" + a password user name, so neither kind ever finds the other's record.
const SSO_LABEL = "kmetal.io/user-source";
const SSO_SOURCE = "oidc";
export const ssoSecretName = (name: string) => `kmetal-sso-${crypto.createHash("sha256").update(name, "utf8").digest("hex").slice(0, 20)}`;
const isSsoRecord = (s: UserSecret | undefined) => s?.metadata?.labels?.[SSO_LABEL] === SSO_SOURCE;

export interface UserRecord {
  username: string;
  /** Always empty for single sign-on users: their roles come from their groups at sign-in. */
  roles: Role[];
  disabled: boolean;
  /** "password" for users of the embedded credentials provider, "oidc" for single sign-on users. */
  source: "password" | "oidc";
}

/** A signed-in password user: their record's identity goes into the session (see sessionStillValid). */
export interface AuthenticatedUser extends UserRecord {
  /**
   * The record's own identity (its Secret's metadata.uid): a record deleted and created again under the same
   * name has a new one, so a session of the old record is never one of the new.
   */
  recordId: string;
}

export async function ensureNamespace(kube: KubeGateway, name: string): Promise<void> {
  try {
    await kube.create(models.Namespace, { metadata: { name, labels: { "app.kubernetes.io/part-of": "kmetal" } } });
  } catch (err) {
    if (!(err instanceof KubeError && err.status === 409)) throw err;
  }
}

export async function createUser(kube: KubeGateway, ns: string, username: string, password: string, roles: Role[]): Promise<void> {
  const secret: V1Secret = {
    metadata: { name: secretName(username), namespace: ns, labels: { "kmetal.io/user": "true" } },
    type: "kmetal.io/user",
    data: { username: b64(username), passwordHash: b64(await hashPassword(password)), roles: b64(roles.join(",")), disabled: b64("false") },
  };
  await kube.create(models.Secret, secret);
}

/** Checks a login; undefined for an unknown user, a wrong password or a disabled user (indistinguishable to the caller). */
export async function authenticate(kube: KubeGateway, ns: string, username: string, password: string): Promise<AuthenticatedUser | undefined> {
  const secret = await kube.find<V1Secret>(models.Secret, { name: secretName(username), namespace: ns });
  const hash = unb64(secret?.data?.passwordHash);
  // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
  const ok = (await verifyPassword(password, hash || (await dummyHash()))) && !!hash;
  const recordId = secret?.metadata?.uid;
  if (!ok || !recordId || unb64(secret?.data?.disabled) === "true") return undefined;
  return { username, roles: rolesOf(secret), disabled: false, source: "password", recordId };
}
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomPassword()));

/**
 * Creates the bootstrap platform admin when it does not exist yet. Returns the password only when it
 * was created now: it is shown once and never stored in clear.
 */
export async function ensureBootstrapAdmin(kube: KubeGateway, ns: string, fixedPassword?: string): Promise<{ username: string; password?: string }> {
  const username = "admin";
  await ensureNamespace(kube, ns);
  const password = fixedPassword ?? randomPassword();
  try {
    await createUser(kube, ns, username, password, ["platform-admin"]);
    return { username, password };
  } catch (err) {
    if (err instanceof KubeError && err.status === 409) return { username };
    throw err;
  }
}

interface UserSecret {
  metadata?: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

const rolesOf = (secret?: UserSecret) => unb64(secret?.data?.roles).split(",").filter(Boolean) as Role[];

/** The user store of one namespace as a watch cache: session checks on every request cost no API call. */
export type UserStoreCache = WatchCache<UserSecret>;

/** A new, started watch cache of the user records in `ns`, read through `kube` (the console's own identity). */
export function createUserStoreCache(kube: KubeGateway, ns: string): UserStoreCache {
  return new WatchCache<UserSecret>(kube, models.Secret, { namespace: ns, labelSelector: "kmetal.io/user=true" }).start();
}

// One cache per API server, namespace and identity it reads as, per process (surviving Next dev reloads): a
// gateway to another cluster, or another namespace, never reads a cache filled from elsewhere.
const g = globalThis as unknown as { __kmetalUserStores?: Map<string, UserStoreCache> };
const storeKey = (kube: KubeGateway, ns: string) => JSON.stringify([kube.server, ns, kube.impersonate?.user ?? null]);

/** The process's user-store cache for this gateway's API server and `ns`, once synced. */
export async function userStoreCache(kube: KubeGateway, ns: string): Promise<UserStoreCache> {
  const stores = (g.__kmetalUserStores ??= new Map());
  const key = storeKey(kube, ns);
  let cache = stores.get(key);
  if (!cache) stores.set(key, (cache = createUserStoreCache(kube, ns)));
  await cache.waitForSync(10_000);
  return cache;
}

/** Stops and forgets the process's cache for this gateway's API server and `ns` (e.g. a test's namespace is gone). */
export async function releaseUserStoreCache(kube: KubeGateway, ns: string): Promise<void> {
  const key = storeKey(kube, ns);
  const cache = g.__kmetalUserStores?.get(key);
  g.__kmetalUserStores?.delete(key);
  await cache?.stop();
}

/** The record of this user in the cache: a password user's, or (provider "oidc") a single sign-on user's. */
function cachedRecord(cache: WatchCache<UserSecret>, ns: string, username: string, provider?: string): UserSecret | undefined {
  if (provider === OIDC_PROVIDER_ID) {
    const secret = cache.get(ssoSecretName(username), ns);
    return isSsoRecord(secret) && unb64(secret?.data?.username) === username ? secret : undefined;
  }
  const secret = cache.get(secretName(username), ns);
  return isSsoRecord(secret) ? undefined : secret;
}

/**
 * Whether a signed-in user may go on; a disabled or removed user's sessions end at once. A password user
 * needs an enabled record, and a session from before their last password reset or disable is void; given the
 * session's `recordId` (AuthenticatedUser.recordId at sign-in), the record must be that very record, so a user
 * removed and created again under the same name does not inherit the old one's sessions. Leaving `recordId`
 * out skips that comparison: every caller that holds a session should pass it. A single
 * sign-on user (provider "oidc", named "oidc:…") needs no record: the identity provider vouched at sign-in,
 * unless an admin has disabled them since, which leaves a record that refuses them, or whose sessionsValidAfter
 * voids their sessions from before the disable.
 */
export async function sessionStillValid(
  kube: KubeGateway, ns: string, username: string, provider?: string, loginAt?: unknown, recordId?: string,
): Promise<boolean> {
  const cache = await userStoreCache(kube, ns);
  const secret = cachedRecord(cache, ns, username, provider);
  if (!secret) return provider === OIDC_PROVIDER_ID;
  if (provider !== OIDC_PROVIDER_ID && recordId !== undefined && secret.metadata?.uid !== recordId) return false;
  if (unb64(secret.data?.disabled) === "true") return false;
  // Sessions from before a password reset or a disable stay ended, also after the user is enabled again.
  const validAfter = Number(unb64(secret.data?.sessionsValidAfter) || 0);
  return !(validAfter > 0 && (typeof loginAt !== "number" || loginAt < validAfter));
}

/**
 * Whether a session, as a live stream holds it, still stands: the user may go on and has the same roles.
 * `recordId` is the session's (Session.recordId); see sessionStillValid.
 */
export async function sessionStillCurrent(
  kube: KubeGateway, ns: string, s: { name: string; roles: readonly Role[]; provider?: string; loginAt?: number; recordId?: string },
): Promise<boolean> {
  if (!(await sessionStillValid(kube, ns, s.name, s.provider, s.loginAt, s.recordId))) return false;
  if (s.provider === OIDC_PROVIDER_ID) return true;
  const now = await currentRoles(kube, ns, s.name);
  return !!now && now.length === s.roles.length && now.every((r) => s.roles.includes(r));
}

/** Ends every session the user has now (they may sign in again unless disabled). */
const endSessions = () => ({ sessionsValidAfter: b64(String(Math.floor(Date.now() / 1000))) });

/** The roles a password user has now (undefined without a record): a role change applies to their next request. */
export async function currentRoles(kube: KubeGateway, ns: string, username: string): Promise<Role[] | undefined> {
  const cache = await userStoreCache(kube, ns);
  const secret = cachedRecord(cache, ns, username);
  return secret ? rolesOf(secret) : undefined;
}

export async function listUsers(kube: KubeGateway, ns: string): Promise<UserRecord[]> {
  const cache = await userStoreCache(kube, ns);
  return cache
    .list()
    .map((s): UserRecord => {
      const common = { username: unb64(s.data?.username), disabled: unb64(s.data?.disabled) === "true" };
      return isSsoRecord(s)
        ? { ...common, roles: [], source: "oidc" }
        : { ...common, roles: rolesOf(s), source: "password" };
    })
    .sort((a, b) => a.username.localeCompare(b.username));
}

export async function setUserRoles(kube: KubeGateway, ns: string, username: string, roles: Role[]): Promise<void> {
  await kube.mergePatch(models.Secret, { name: secretName(username), namespace: ns }, { data: { roles: b64(roles.join(",")) } });
}

export async function resetPassword(kube: KubeGateway, ns: string, username: string, password: string): Promise<void> {
  await kube.mergePatch(models.Secret, { name: secretName(username), namespace: ns }, { data: { passwordHash: b64(await hashPassword(password)), ...endSessions() } });
}

/**
 * Disables a user (ending every session they have, for good) or enables them again. A single sign-on user
 * ("oidc:…") gets their record with the first disable; enabling one without a record changes nothing.
 */
export async function setDisabled(kube: KubeGateway, ns: string, username: string, disabled: boolean): Promise<void> {
  if (username.startsWith(OIDC_USER_PREFIX)) return setSsoDisabled(kube, ns, username, disabled);
  await kube.mergePatch(models.Secret, { name: secretName(username), namespace: ns }, { data: { disabled: b64(String(disabled)), ...(disabled ? endSessions() : {}) } });
}

async function setSsoDisabled(kube: KubeGateway, ns: string, username: string, disabled: boolean): Promise<void> {
  const ref = { name: ssoSecretName(username), namespace: ns };
  const data = { disabled: b64(String(disabled)), ...(disabled ? endSessions() : {}) };
  let existing = await kube.find<V1Secret>(models.Secret, ref);
  if (!existing) {
    if (!disabled) return;
    try {
      await kube.create(models.Secret, {
        metadata: { ...ref, labels: { "kmetal.io/user": "true", [SSO_LABEL]: SSO_SOURCE } },
        type: "kmetal.io/sso-user",
        data: { username: b64(username), ...data },
      } satisfies V1Secret);
      return;
    } catch (err) {
      // Another admin created it in the meantime: patch theirs.
      if (!(err instanceof KubeError && err.status === 409)) throw err;
      existing = await kube.find<V1Secret>(models.Secret, ref);
    }
  }
  // A hash collision (or a foreign Secret of that name) is refused rather than overwritten.
  if (!existing || !isSsoRecord(existing) || unb64(existing.data?.username) !== username) {
    throw new KubeError(409, "Conflict", `the record ${ref.name} belongs to another user; ${username} was not changed`);
  }
  await kube.mergePatch(models.Secret, ref, { data });
}
