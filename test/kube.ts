import crypto from "node:crypto";
import { inject } from "vitest";
import { OpenCounter, TokenBuckets } from "@/lib/authz/token-bucket";
import type { Context, Limits } from "@/server/api/trpc";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { gatewayFromFile } from "@/server/kube/client";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

/** A gateway to the run's local under cluster; refuses anything that is not on loopback. */
export function testGateway(): KubeGateway {
  const gw = gatewayFromFile(inject("kubeconfigPath"));
  if (!/^https:\/\/127\.0\.0\.1:\d+$/.test(gw.server)) throw new Error(`refusing to run tests against ${gw.server}: not a local under cluster`);
  return gw;
}

let registry: CacheRegistry | undefined;
/** The console's watch caches over the test gateway: one set per test file, as one console process has. */
export function testCaches(): CacheRegistry {
  return (registry ??= new CacheRegistry(testGateway()));
}

/** Limits high enough that a test calling many procedures as one user is never throttled (the flood test sets its own). */
export const generousLimits = (): Limits => ({ mutations: new TokenBuckets(100_000, 100_000), streams: new OpenCounter(1_000) });

/** A request context as createTRPCContext makes it, for createCaller: the console's connection and caches of this run. */
export function testContext(over: Partial<Context> = {}): Context {
  const caches = testCaches();
  return { console: caches.gateway, caches, limits: generousLimits(), ...over };
}

/** A fresh, uniquely named namespace for one test; deleted afterwards. */
export async function freshNamespace(kube: KubeGateway, prefix = "t"): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = `${prefix}-${crypto.randomBytes(4).toString("hex")}`;
  await kube.create(models.Namespace, { metadata: { name, labels: { "kmetal.io/test": "true" } } });
  return { name, cleanup: () => kube.delete(models.Namespace, { name }, { ignoreNotFound: true }) };
}

/** How the API server answered a request: "ok", or the HTTP status of its refusal. */
export async function outcome(p: Promise<unknown>): Promise<number | "ok"> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof KubeError) return err.status;
    throw err;
  }
}
