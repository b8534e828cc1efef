import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Evaluated in the runner and again in each worker; values go through process.env so all agree.
process.env.KMETAL_E2E_DATA_DIR ??= path.join(os.tmpdir(), `kmetal-e2e-${process.pid}`);
process.env.KMETAL_E2E_PORT ??= String(20_000 + crypto.randomInt(30_000));
process.env.KMETAL_E2E_PASSWORD ??= crypto.randomBytes(18).toString("base64url");
// The OpenID Connect issuer that e2e/oidc.spec.ts starts on loopback (oidc-provider).
process.env.KMETAL_E2E_OIDC_PORT ??= String(Number(process.env.KMETAL_E2E_PORT) + 1 + crypto.randomInt(1_000));
process.env.KMETAL_E2E_OIDC_SECRET ??= crypto.randomBytes(18).toString("base64url");
const baseURL = `http://127.0.0.1:${process.env.KMETAL_E2E_PORT}`;

const { NODE_OPTIONS: _omit, ...serverEnv } = process.env as Record<string, string>;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.KMETAL_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // The real thing: `kmetal up` starts the local under cluster and the console, in a fresh data dir.
  webServer: {
    command: "node bin/kmetal.mjs up",
    url: `${baseURL}/login`,
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      ...serverEnv,
      KMETAL_DATA_DIR: process.env.KMETAL_E2E_DATA_DIR,
      KMETAL_PORT: process.env.KMETAL_E2E_PORT,
      // Each ready tenant's endpoint is probed every 2 s (APIServerAvailable), so a test sees it soon.
      KMETAL_ENDPOINT_PROBE_SECONDS: "2",
      KMETAL_BOOTSTRAP_PASSWORD: process.env.KMETAL_E2E_PASSWORD,
      // Single sign-on is on for the whole run; the issuer only runs during e2e/oidc.spec.ts, which is
      // enough because the console reads the issuer's discovery document at each sign-in.
      KMETAL_OIDC_ISSUER: `http://127.0.0.1:${process.env.KMETAL_E2E_OIDC_PORT}`,
      KMETAL_OIDC_CLIENT_ID: "kmetal-console",
      KMETAL_OIDC_CLIENT_SECRET: process.env.KMETAL_E2E_OIDC_SECRET,
      KMETAL_OIDC_ROLE_MAP: "platform-admins=platform-admin,noc=platform-viewer,team-t=tenant-viewer",
      KMETAL_OIDC_NAME: "Test IdP",
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "anonymous", testMatch: /(login|access|oidc|session|secrets)\.spec\.ts/ },
    { name: "console", testMatch: /(?<!login|access|oidc|session|secrets)\.spec\.ts/, dependencies: ["setup"], use: { storageState: "e2e/.auth/admin.json" } },
  ],
});
