import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1ConfigMap } from "@kubernetes/client-node";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { WatchCache, type CacheEvent } from "@/server/kube/watch-cache";
import { resolveBinaries } from "@/server/local/binaries";
import { etcdCall, etcdClient, type EtcdTlsFiles } from "@/server/local/etcd";
import { UnderCluster } from "@/server/local/under-cluster";
import { freshNamespace, testGateway } from "@/test/kube";

const cm = (namespace: string, name: string, data: Record<string, string> = {}): V1ConfigMap => ({
  metadata: { name, namespace, labels: { app: "watch-test" } }, data,
});
const names = (c: WatchCache<V1ConfigMap>) => c.list().map((o) => o.metadata!.name).sort();

describe("WatchCache on the shared local under cluster", () => {
  let cache: WatchCache<V1ConfigMap> | undefined;
  afterEach(() => cache?.stop());

  it("sees create, update and delete, in order, and exposes sync state", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube);
    try {
      await kube.create(models.ConfigMap, cm(ns.name, "before"));
      cache = new WatchCache<V1ConfigMap>(kube, models.ConfigMap, { namespace: ns.name, labelSelector: "app=watch-test" });
      const events: string[] = [];
      cache.subscribe((ev: CacheEvent<V1ConfigMap>) => ev.type !== "STATE" && events.push(`${ev.type}:${ev.object.metadata!.name}`));
      expect(cache.state.synced).toBe(false);
      cache.start();
      await cache.waitForSync();
      expect(cache.state.synced).toBe(true);
      expect(names(cache)).toEqual(["before"]);

      await kube.create(models.ConfigMap, cm(ns.name, "a", { v: "1" }));
      await expect.poll(() => cache!.get("a", ns.name)?.data?.v).toBe("1");
      await kube.mergePatch(models.ConfigMap, { name: "a", namespace: ns.name }, { data: { v: "2" } });
      await expect.poll(() => cache!.get("a", ns.name)?.data?.v).toBe("2");
      await kube.delete(models.ConfigMap, { name: "before", namespace: ns.name });
      await expect.poll(() => names(cache!)).toEqual(["a"]);
      expect(events).toEqual(["ADDED:before", "ADDED:a", "MODIFIED:a", "DELETED:before"]);
      // Server-side apply's bookkeeping is not kept (the API server has it for every object written).
      expect((await kube.get<V1ConfigMap>(models.ConfigMap, { name: "a", namespace: ns.name })).metadata?.managedFields?.length).toBeGreaterThan(0);
      expect(cache.get("a", ns.name)?.metadata?.managedFields).toBeUndefined();
    } finally {
      await ns.cleanup();
    }
  });

  it("lists in pages, and watches from the snapshot the pages make up", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube);
    try {
      for (let i = 0; i < 7; i++) await kube.create(models.ConfigMap, cm(ns.name, `p${i}`));
      const pages: (string | undefined)[] = [];
      // The gateway as the cache uses it, recording the continue token of every page it asks for.
      const recording = Object.create(kube) as KubeGateway;
      recording.list = (m, opts) => (pages.push(opts?.continue), kube.list(m, opts));
      cache = new WatchCache<V1ConfigMap>(recording, models.ConfigMap, { namespace: ns.name, labelSelector: "app=watch-test", pageSize: 3 }).start();
      await cache.waitForSync();
      expect(names(cache)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);
      // Three pages of at most 3: the first without a token, the others with one.
      expect(pages).toHaveLength(3);
      expect(pages[0]).toBeUndefined();
      expect(pages.slice(1).every((t) => typeof t === "string" && t.length > 0)).toBe(true);
      await kube.create(models.ConfigMap, cm(ns.name, "after"));
      await expect.poll(() => names(cache!)).toContain("after");
    } finally {
      await ns.cleanup();
    }
  });

  it("ignores objects outside its label selector", async () => {
    const kube = testGateway();
    const ns = await freshNamespace(kube);
    try {
      cache = new WatchCache<V1ConfigMap>(kube, models.ConfigMap, { namespace: ns.name, labelSelector: "app=watch-test" }).start();
      await cache.waitForSync();
      await kube.create(models.ConfigMap, { metadata: { name: "other", namespace: ns.name } });
      await kube.create(models.ConfigMap, cm(ns.name, "mine"));
      await expect.poll(() => names(cache!)).toEqual(["mine"]);
    } finally {
      await ns.cleanup();
    }
  });
});

describe("WatchCache across an API server restart", () => {
  // Its own under cluster: this test stops and starts the API server, which would disturb other tests.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-restart-"));
  let cluster: UnderCluster;
  let kube: KubeGateway;
  beforeAll(async () => {
    cluster = new UnderCluster({ dir, binaries: await resolveBinaries(), controllers: false });
    await cluster.start();
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    kube = new KubeGateway(kc);
  });
  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports the outage and catches up on changes it missed", async () => {
    const ns = "restart-test";
    await kube.create(models.Namespace, { metadata: { name: ns } });
    await kube.create(models.ConfigMap, cm(ns, "keep", { v: "1" }));
    await kube.create(models.ConfigMap, cm(ns, "doomed"));
    // A long backoff keeps the cache disconnected for a while after the server is back, so the changes
    // below happen while it is not watching. A restarted API server has a fresh watch cache, so the old
    // resourceVersion is answered with 410 Gone: the cache must relist and emit what it missed.
    const cache = new WatchCache<V1ConfigMap>(kube, models.ConfigMap, { namespace: ns, backoff: { baseMs: 6_000, capMs: 6_000 } }).start();
    try {
      await cache.waitForSync();
      await expect.poll(() => cache.state.connected).toBe(true);
      const missed: string[] = [];

      await cluster.stopApiServer();
      await expect.poll(() => cache.state.connected, { timeout: 15_000 }).toBe(false);
      expect(cache.state.lastError).toBeTruthy();
      expect(cache.state.synced).toBe(true); // stale but still readable
      expect(names(cache)).toEqual(["doomed", "keep"]);

      await cluster.startApiServer();
      cache.subscribe((ev) => ev.type !== "STATE" && missed.push(`${ev.type}:${ev.object.metadata!.name}`));
      await kube.create(models.ConfigMap, cm(ns, "new"));
      await kube.mergePatch(models.ConfigMap, { name: "keep", namespace: ns }, { data: { v: "2" } });
      await kube.delete(models.ConfigMap, { name: "doomed", namespace: ns });
      expect(cache.state.connected).toBe(false);

      await expect.poll(() => cache.state.connected, { timeout: 60_000 }).toBe(true);
      await expect.poll(() => names(cache), { timeout: 15_000 }).toEqual(["keep", "new"]);
      expect(cache.get("keep", ns)?.data?.v).toBe("2");
      // Subscribers were told about each change they missed, exactly once.
      expect(missed.sort()).toEqual(["ADDED:new", "DELETED:doomed", "MODIFIED:keep"]);
    } finally {
      await cache.stop();
    }
  });

  it("relists when its resourceVersion is no longer served (410 Gone)", async () => {
    const ns = "gone-test";
    await kube.create(models.Namespace, { metadata: { name: ns } });
    const cache = new WatchCache<V1ConfigMap>(kube, models.ConfigMap, { namespace: ns }).start();
    try {
      await cache.waitForSync();
      const relists = cache.state.relists;
      // Force a compaction of everything so far, then make the cache resume from a compacted revision.
      await kube.create(models.ConfigMap, cm(ns, "x"));
      await expect.poll(() => names(cache)).toEqual(["x"]);
      (cache as unknown as { _state: { resourceVersion: string } })._state.resourceVersion = "1";
      await compactEtcd(cluster.info().etcdUrl, cluster.info().etcdTls);
      // Break the current watch so the cache reconnects with the stale revision.
      await cluster.stopApiServer();
      await cluster.startApiServer();
      await expect.poll(() => cache.state.relists, { timeout: 60_000 }).toBeGreaterThan(relists);
      await kube.create(models.ConfigMap, cm(ns, "y"));
      await expect.poll(() => names(cache), { timeout: 15_000 }).toEqual(["x", "y"]);
    } finally {
      await cache.stop();
    }
  });
});

/** Compacts etcd up to its current revision through its gRPC-gateway JSON API (TLS, with the client certificate). */
async function compactEtcd(etcdUrl: string, tls: EtcdTlsFiles) {
  const client = etcdClient(tls);
  const range = await etcdCall<{ header: { revision: string } }>(etcdUrl, client, "/v3/kv/range", { key: Buffer.from("/").toString("base64") });
  await etcdCall(etcdUrl, client, "/v3/kv/compaction", { revision: range.header.revision, physical: true });
}
