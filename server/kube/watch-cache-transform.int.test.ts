import type { V1ConfigMap } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { models } from "@/server/kube/models";
import { WatchCache, type CacheEvent, type KubeObjectLike } from "@/server/kube/watch-cache";
import { freshNamespace, testGateway } from "@/test/kube";

/** What the cache keeps of a ConfigMap in this test: its metadata and how many keys it had, never the values. */
interface Shape extends KubeObjectLike { keys: number; data?: unknown }
const shape = (raw: KubeObjectLike): Shape => {
  const cm = raw as V1ConfigMap;
  if (cm.data?.poison) throw new Error("refused");
  const { name, namespace, resourceVersion, labels } = cm.metadata ?? {};
  return { metadata: { name, namespace, resourceVersion, labels }, keys: Object.keys(cm.data ?? {}).length };
};

describe("WatchCache transform", () => {
  let cache: WatchCache<Shape> | undefined;
  afterEach(() => cache?.stop());

  it("stores and emits only the transformed object, on list, add, modify and delete", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube);
    try {
      const cm = (name: string, data: Record<string, string>): V1ConfigMap => ({ metadata: { name, namespace: ns.name, labels: { app: "transform-test" } }, data });
      await kube.create(models.ConfigMap, cm("listed", { secret: "s3cr3t" }));
      cache = new WatchCache<Shape>(kube, models.ConfigMap, { namespace: ns.name, labelSelector: "app=transform-test", transform: shape });
      const seen: unknown[] = [];
      cache.subscribe((ev: CacheEvent<Shape>) => ev.type !== "STATE" && seen.push(ev.object));
      await cache.start().waitForSync();
      expect(cache.get("listed", ns.name)).toMatchObject({ keys: 1 });

      await kube.create(models.ConfigMap, cm("added", { a: "x", b: "y" }));
      await expect.poll(() => cache!.get("added", ns.name)?.keys).toBe(2);
      await kube.mergePatch(models.ConfigMap, { name: "added", namespace: ns.name }, { data: { c: "z" } });
      await expect.poll(() => cache!.get("added", ns.name)?.keys).toBe(3);
      await kube.delete(models.ConfigMap, { name: "listed", namespace: ns.name });
      await expect.poll(() => cache!.get("listed", ns.name)).toBeUndefined();

      // No value ever reached the store or a listener.
      for (const o of [...cache.list(), ...seen]) expect(o).not.toHaveProperty("data");
      expect(JSON.stringify([...cache.list(), ...seen])).not.toContain("s3cr3t");
      expect(seen).toHaveLength(4);
    } finally {
      await ns.cleanup();
    }
  });

  it("leaves out an object the transform refuses and says why in its state", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube);
    try {
      cache = new WatchCache<Shape>(kube, models.ConfigMap, { namespace: ns.name, labelSelector: "app=transform-test", transform: shape });
      await cache.start().waitForSync();
      const meta = (name: string) => ({ name, namespace: ns.name, labels: { app: "transform-test" } });
      await kube.create(models.ConfigMap, { metadata: meta("bad"), data: { poison: "1" } } as V1ConfigMap);
      await kube.create(models.ConfigMap, { metadata: meta("good"), data: {} } as V1ConfigMap);
      await expect.poll(() => cache!.get("good", ns.name)?.keys).toBe(0);
      expect(cache.get("bad", ns.name)).toBeUndefined();
      expect(cache.state.lastError).toMatch(/transform of .*\/bad failed: refused/);
    } finally {
      await ns.cleanup();
    }
  });
});
