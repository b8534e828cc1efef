// The only module that reads process.env. Plain JS so that next.config.js can import it and a bad
// environment fails `next build` / `kmetal up` with a message naming the variable, not the first request.
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const port = z.coerce.number().int().min(1, "must be a port number 1-65535").max(65535, "must be a port number 1-65535");
const PROXIES = "must be the number of reverse proxies in front of the console, 0 to 10 (0 when clients connect to it directly)";
const duration = z.string().regex(/^\d+(s|m|h)$/, "must be a duration such as 30m or 12h");

// Single sign-on (OpenID Connect). The console roles of lib/schemas/auth.ts: plain JS cannot import that
// file, and lib/authz/oidc.ts parses the role map again with the real enum when the provider is built.
const ROLES = ["platform-admin", "platform-viewer", "tenant-admin", "tenant-viewer"];
/** "group=role,group=role": the role follows the last "=" of an entry (same rules as parseRoleMap). */
const roleMap = z.string().superRefine((text, ctx) => {
  const entries = text.split(",").map((e) => e.trim()).filter(Boolean);
  if (!entries.length) ctx.addIssue({ code: "custom", message: 'must map at least one group, e.g. "platform-admins=platform-admin,noc=platform-viewer"' });
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    if (at <= 0 || !entry.slice(0, at).trim()) ctx.addIssue({ code: "custom", message: `entry "${entry}" is not group=role` });
    else if (!ROLES.includes(entry.slice(at + 1).trim())) ctx.addIssue({ code: "custom", message: `entry "${entry}" names an unknown role (roles: ${ROLES.join(", ")})` });
  }
});
/** Single sign-on is on when all of these are set, off when none is; anything between is a mistake. */
const OIDC_REQUIRED = ["KMETAL_OIDC_ISSUER", "KMETAL_OIDC_CLIENT_ID", "KMETAL_OIDC_CLIENT_SECRET", "KMETAL_OIDC_ROLE_MAP"];
/** @param {Record<string, unknown>} e @param {z.RefinementCtx} ctx */
function oidcAllOrNothing(e, ctx) {
  const set = OIDC_REQUIRED.filter((k) => e[k] !== undefined);
  if (set.length === 0 || set.length === OIDC_REQUIRED.length) return;
  for (const k of OIDC_REQUIRED.filter((k) => e[k] === undefined)) {
    ctx.addIssue({ code: "custom", path: [k], message: `is required for single sign-on, since ${set.join(", ")} ${set.length > 1 ? "are" : "is"} set` });
  }
}

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Kubeconfig of the under cluster; wins over KUBECONFIG. */
    KMETAL_KUBECONFIG: z.string().min(1).optional(),
    KUBECONFIG: z.string().min(1).optional(),
    /** Where the embedded mode keeps its state (etcd data, PKI, kubeconfig). */
    KMETAL_DATA_DIR: z.string().min(1).optional(),
    /** Where built control-plane binaries and the console build are cached. */
    KMETAL_CACHE_DIR: z.string().min(1).optional(),
    KUBEBUILDER_ASSETS: z.string().min(1).optional(),
    KMETAL_K8S_VERSION: z.string().regex(/^v1\.\d+\.\d+$/, "must look like v1.36.3").default("v1.36.3"),
    KMETAL_ETCD_VERSION: z.string().regex(/^v3\.\d+\.\d+$/, "must look like v3.6.15").default("v3.6.15"),
    /** Port of the console's web server in `kmetal up`. */
    KMETAL_PORT: port.default(3000),
    /** Reverse proxies in front of the console that append to X-Forwarded-For (see lib/net/client-address.ts). */
    KMETAL_TRUSTED_PROXIES: z.coerce.number({ error: PROXIES }).int(PROXIES).min(0, PROXIES).max(10, PROXIES).default(0),
    /** Namespace on the under cluster that holds the console's own state (users). */
    KMETAL_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS label").default("kmetal-system"),
    /** Fixed password for the bootstrap admin (tests, automation); random when unset. */
    KMETAL_BOOTSTRAP_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
    AUTH_URL: z.string().url().optional(),
    AUTH_TRUST_HOST: z.enum(["true", "false"]).optional(),
    /** Absolute session lifetime from sign-in. */
    KMETAL_SESSION_MAX_AGE: duration.default("12h"),
    /** A session ends after this long without a request from the user. */
    KMETAL_SESSION_IDLE: duration.default("30m"),
    /** Leader-election identity of `kmetal reconcile` (default: host name and pid); a restarted process with the same id resumes its lease at once. */
    KMETAL_RECONCILER_ID: z.string().min(1).max(128).optional(),
    /** The console's service account ("namespace/name") on a real under cluster: the reconciler grants it, per tenant, the tenant's CA Secrets and its owners' write groups to impersonate. */
    KMETAL_CONSOLE_SERVICE_ACCOUNT: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be namespace/name of a service account").optional(),
    /** Set by `kmetal up`: the under cluster is the embedded one, with the local infrastructure provider. */
    KMETAL_EMBEDDED: z.enum(["true", "false"]).default("false"),
    /** Life of the leaf certificates the local provider issues (e.g. 8760h, or 3m for a demo of renewal); default one year. */
    /** Above this many tenants the certificate inventory stays off (it holds 12 watches per tenant). */
    KMETAL_PKI_INVENTORY_MAX_TENANTS: z.coerce.number().int().min(0).max(100_000).default(250),
    KMETAL_LOCAL_LEAF_TTL: z.string().regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, "must be a duration such as 8760h, 10m or 90s").optional(),
    /** Fraction of a leaf's life after which the local provider renews it; default 0.667 (two thirds). */
    KMETAL_LOCAL_RENEW_AT: z.coerce.number().gt(0).lt(1).optional(),
    /** Embedded mode: how many simulated hypervisor Nodes the local provider registers, and the CPUs and memory (GiB) of each. */
    KMETAL_HYPERVISORS: z.coerce.number().int().min(1).max(500).default(3),
    KMETAL_HYPERVISOR_CPUS: z.coerce.number().int().min(1).max(4096).default(32),
    KMETAL_HYPERVISOR_MEMORY_GI: z.coerce.number().int().min(1).max(65536).default(128),
    /** Mutations one user may send at once, and how many more each minute after that (a token bucket); the rest get 429. */
    KMETAL_MUTATION_BURST: z.coerce.number().int().min(1).max(100_000).default(60),
    KMETAL_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /** Live views (server-sent event streams) one user may hold open at once. */
    KMETAL_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1_000).default(24),
    /** Audit records kept at most, and for how long (older or more are pruned, oldest first). */
    KMETAL_AUDIT_MAX_RECORDS: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
    KMETAL_AUDIT_MAX_AGE: z.string().regex(/^\d+(h|d)$/, "must be a duration such as 720h or 90d").default("90d"),
    /** Bearer token that opens /metrics on the console's port; without it (and without KMETAL_METRICS_PORT) /metrics answers 404. */
    KMETAL_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Also serve /metrics without a token on this port of 127.0.0.1 (for a scraper on the same host or pod). */
    KMETAL_METRICS_PORT: port.optional(),
    /** The reconciler's /metrics (`kmetal reconcile`, and `kmetal up`'s reconciler) on this port of 127.0.0.1; with KMETAL_METRICS_TOKEN, only with that bearer token. */
    KMETAL_RECONCILER_METRICS_PORT: port.optional(),
    /** Seconds between the reconciler's probes of each ready tenant's endpoint (its APIServerAvailable condition); 0 turns them off. */
    KMETAL_ENDPOINT_PROBE_SECONDS: z.coerce.number().min(0).max(3600).default(20),
    /** Prometheus that scrapes the console's /metrics: the trends read their 24 h history from it (query_range); unset, the console samples in its own memory. */
    KMETAL_PROMETHEUS_URL: z.string().url("must be the base URL of Prometheus, e.g. http://prometheus:9090").regex(/^https?:\/\//, "must be an http(s) URL").optional(),
    /** Seconds between the in-memory trend samples (24 h are kept: 86400 / this many points per series). */
    KMETAL_TRENDS_SAMPLE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Tenants whose own trend is sampled in memory (the first this many by name); the fleet totals cover all. */
    KMETAL_TRENDS_MAX_TENANTS: z.coerce.number().int().min(0).max(100_000).default(500),
    KMETAL_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** OpenID Connect issuer of the single sign-on; its discovery document is at /.well-known/openid-configuration. */
    KMETAL_OIDC_ISSUER: z.string().url("must be the issuer URL, e.g. https://id.example.com/realms/main").regex(/^https?:\/\//, "must be an http(s) URL").optional(),
    KMETAL_OIDC_CLIENT_ID: z.string().min(1).optional(),
    KMETAL_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Which identity-provider groups get which console roles: "group=role,group=role". */
    KMETAL_OIDC_ROLE_MAP: roleMap.optional(),
    /** Scopes asked for; most issuers send the groups claim only for a "groups" scope, some refuse that scope. */
    KMETAL_OIDC_SCOPES: z.string().regex(/(^|\s)openid(\s|$)/, 'must contain "openid", e.g. "openid profile email groups"').default("openid profile email groups"),
    /** ID-token claim that lists the user's groups (an array, or a string for one group). */
    KMETAL_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    /** ID-token claim that identifies the user: sub (unique and stable per issuer), or another the README explains. */
    KMETAL_OIDC_USERNAME_CLAIM: z.string().min(1).default("sub"),
    /** Label of the sign-in button: "Sign in with <name>". */
    KMETAL_OIDC_NAME: z.string().min(1).max(40, "must be at most 40 characters").default("Single sign-on"),
  },
  createFinalSchema: (shape) => z.object(shape).superRefine(oidcAllOrNothing),
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  onValidationError: (issues) => {
    const parts = issues.map((i) => `${(i.path ?? []).join(".")} ${i.message}`);
    throw new Error(`invalid environment: ${parts.join("; ")} (see README, "Configuration")`);
  },
});
