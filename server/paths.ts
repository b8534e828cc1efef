import "server-only";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env.js";

/** Where the embedded mode keeps its state; persists across restarts. */
export const dataDir = () => path.resolve(/*turbopackIgnore: true*/ env.KMETAL_DATA_DIR ?? path.join(os.homedir(), ".local", "share", "kmetal"));
/** Where built binaries and the console build stamp are cached; safe to delete. */
export const cacheDir = () => path.resolve(/*turbopackIgnore: true*/ env.KMETAL_CACHE_DIR ?? path.join(os.homedir(), ".cache", "kmetal"));

export const underDir = () => path.join(dataDir(), "under");
/** The documented path of the embedded under cluster's admin kubeconfig. */
export const underKubeconfigPath = () => path.join(underDir(), "admin.kubeconfig");
export const stateFilePath = () => path.join(dataDir(), "state.json");

/** Tenant control planes of the local provider: one folder per TenantControlPlane (namespace/name). */
export const tenantsDir = () => path.join(dataDir(), "tenants");
export const tenantKubeconfigPath = (tenant: string) => path.join(tenantsDir(), `tenant-${tenant}`, tenant, "admin.kubeconfig");
