import fs from "node:fs";
import path from "node:path";
import { test as base, expect } from "@playwright/test";
import { gatewayFromFile } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";

interface RunState {
  kubeconfigPath: string;
  processes: { name: string; pid: number }[];
}

/** What `kmetal up` published for this run (see server/cli/state.ts). */
export function runState(): RunState {
  return JSON.parse(fs.readFileSync(path.join(process.env.KMETAL_E2E_DATA_DIR!, "state.json"), "utf8")) as RunState;
}

export const test = base.extend<object, { kube: KubeGateway }>({
  kube: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(gatewayFromFile(runState().kubeconfigPath));
    },
    { scope: "worker" },
  ],
});

export const adminPassword = () => process.env.KMETAL_E2E_PASSWORD!;
export { expect };
