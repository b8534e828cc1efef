import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { liveFeed, openFeeds, source } from "@/server/kube/live-feed";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testGateway } from "@/test/kube";

const id = crypto.randomBytes(3).toString("hex");
const kube = testGateway();
const registry = new CacheRegistry(kube);
const tenant = (name: string, third: number) => ({
  metadata: { name }, spec: { kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `10.77.${third}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] },
});

/** Pulls values from a stream in the background, so the test can look at what has arrived. */
function drain<T>(it: AsyncGenerator<T>) {
  const got: T[] = [];
  const done = (async () => {
    for await (const v of it) got.push(v);
  })();
  return { got, done };
}

describe("live feeds over the watch caches", () => {
  const watched = `watched-${id}`;
  /** A feed of the watched tenant's replicas that counts its computations. */
  const replicasFeed = (key: string, coalesceMs?: number) => {
    const counted = { reads: 0 };
    const spec = {
      key, coalesceMs,
      sources: [source("tenants", (t) => t.metadata.name === watched)],
      read: async () => {
        counted.reads++;
        return registry.get("tenants").get(watched)?.spec.workerPools[0]!.replicas;
      },
    };
    return { spec, counted };
  };
  const other = `other-${id}`;
  // The admission policies read the platform policy: this file must not depend on another having made it.
  beforeAll(() => ensurePlatformPolicy(kube, ["v1.36.3"]));
  afterAll(async () => {
    for (const name of [watched, other]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
    await registry.stop();
  });

  it("computes once per change for every stream of one scope, and only for relevant changes", async () => {
    await kube.create(models.Tenant, tenant(watched, crypto.randomInt(200)) as never);
    await registry.synced("tenants");
    const { spec, counted } = replicasFeed(`test:${id}`);
    const abort = new AbortController();
    const a = drain(liveFeed(registry, spec, abort.signal));
    const b = drain(liveFeed(registry, spec, abort.signal));
    await expect.poll(() => a.got.length + b.got.length).toBe(2);
    expect(counted.reads).toBe(1); // the first value, shared
    expect(openFeeds(registry)).toBe(1);

    // A change to another tenant changes nothing this feed sends: no computation, no push.
    await kube.create(models.Tenant, tenant(other, 200 + crypto.randomInt(50)) as never);
    await expect.poll(() => registry.get("tenants").get(other)).toBeDefined();
    await new Promise((r) => setTimeout(r, 400));
    expect(counted.reads).toBe(1);

    await kube.jsonPatch(models.Tenant, { name: watched }, [{ op: "replace", path: "/spec/workerPools/0/replicas", value: 3 }]);
    await expect.poll(() => [a.got.at(-1), b.got.at(-1)]).toEqual([3, 3]);
    expect(counted.reads).toBe(2);

    abort.abort();
    await Promise.all([a.done, b.done]);
    expect(openFeeds(registry)).toBe(0);
  });

  it("pushes the first change after a quiet spell at once, and a burst as at most one more computation", async () => {
    await registry.synced("tenants");
    const { spec, counted } = replicasFeed(`test-burst:${id}`, 1500);
    const abort = new AbortController();
    const a = drain(liveFeed(registry, spec, abort.signal));
    await expect.poll(() => a.got.length).toBe(1);
    await new Promise((r) => setTimeout(r, 1600)); // a quiet spell longer than the window

    const t0 = Date.now();
    await kube.jsonPatch(models.Tenant, { name: watched }, [{ op: "replace", path: "/spec/workerPools/0/replicas", value: 4 }]);
    await expect.poll(() => a.got.at(-1), { interval: 20 }).toBe(4);
    expect(Date.now() - t0).toBeLessThan(1000); // not held for the window
    const before = counted.reads;

    for (const value of [5, 6, 7, 8]) await kube.jsonPatch(models.Tenant, { name: watched }, [{ op: "replace", path: "/spec/workerPools/0/replicas", value }]);
    await expect.poll(() => a.got.at(-1), { timeout: 5000 }).toBe(8);
    expect(counted.reads - before).toBeLessThanOrEqual(2);

    abort.abort();
    await a.done;
  });
});
