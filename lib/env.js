// The only module that reads process.env. Plain JS so that next.config.js can import it and a bad
// environment fails `next build` / `kmetal up` with a message naming the variable, not the first request.
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const port = z.coerce.number().int().min(1, "must be a port number 1-65535").max(65535, "must be a port number 1-65535");
const duration = z.string().regex(/^\d+(s|m|h)$/, "must be a duration such as 30m or 12h");

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
    /** Namespace on the under cluster that holds the console's own state (users). */
    KMETAL_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS label").default("kmetal-system"),
    /** Fixed password for the bootstrap admin (tests, automation); random when unset. */
    KMETAL_BOOTSTRAP_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
    AUTH_URL: z.string().url().optional(),
    AUTH_TRUST_HOST: z.enum(["true", "false"]).optional(),
    KMETAL_SESSION_MAX_AGE: duration.default("12h"),
    /** Leader-election identity of `kmetal reconcile` (default: host name and pid); a restarted process with the same id resumes its lease at once. */
    KMETAL_RECONCILER_ID: z.string().min(1).max(128).optional(),
    /** Set by `kmetal up`: the under cluster is the embedded one, with the local infrastructure provider. */
    KMETAL_EMBEDDED: z.enum(["true", "false"]).default("false"),
    KMETAL_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  onValidationError: (issues) => {
    const parts = issues.map((i) => `${(i.path ?? []).join(".")} ${i.message}`);
    throw new Error(`invalid environment: ${parts.join("; ")} (see README, "Configuration")`);
  },
});
