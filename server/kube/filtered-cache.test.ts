import { describe, expect, it } from "vitest";
import { FilteredCache, matchesLabels } from "@/server/kube/filtered-cache";
import type { CacheEvent, KubeObjectLike, ReadableCache, WatchCacheState } from "@/server/kube/watch-cache";
import { models } from "@/server/kube/models";

/** The source side of the view: objects held in memory, events emitted as a WatchCache emits them. */
class Source implements ReadableCache<KubeObjectLike> {
  readonly model = models.VirtualMachine;
  state: WatchCacheState = { synced: true, connected: true, failures: 0, relists: 1, restarts: 0 };
  generation = 0;
  started = 0;
  stopped = 0;
  private readonly objs = new Map<string, KubeObjectLike>();
  private readonly ls = new Set<(ev: CacheEvent<KubeObjectLike>) => void>();
  list = () => [...this.objs.values()];
  get = (name: string, namespace?: string) => this.objs.get(`${namespace}/${name}`);
  subscribe(l: (ev: CacheEvent<KubeObjectLike>) => void) {
    this.ls.add(l);
    return () => this.ls.delete(l);
  }
  start() {
    this.started++;
    return this;
  }
  async stop() {
    this.stopped++;
  }
  waitForSync = () => Promise.resolve();
  put(type: "ADDED" | "MODIFIED" | "DELETED", object: KubeObjectLike) {
    const key = `${object.metadata!.namespace}/${object.metadata!.name}`;
    if (type === "DELETED") this.objs.delete(key);
    else this.objs.set(key, object);
    this.generation++;
    for (const l of this.ls) l({ type, object });
  }
}

const vm = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, namespace: "ns", labels } });
const managed = { "app.kubernetes.io/managed-by": "kmetal" };

describe("matchesLabels", () => {
  it("matches every key=value term, and a bare key when the label is set", () => {
    const m = matchesLabels("a=1, b");
    expect(m({ metadata: { labels: { a: "1", b: "" } } })).toBe(true);
    expect(m({ metadata: { labels: { a: "1" } } })).toBe(false);
    expect(m({ metadata: { labels: { a: "2", b: "x" } } })).toBe(false);
    expect(m({ metadata: {} })).toBe(false);
  });
});

describe("FilteredCache", () => {
  it("reads the source's objects that pass, as the same objects", () => {
    const src = new Source();
    const a = vm("a", managed);
    src.put("ADDED", a);
    src.put("ADDED", vm("b"));
    const view = new FilteredCache(src, matchesLabels("app.kubernetes.io/managed-by=kmetal")).start();
    expect(view.list()).toEqual([a]);
    expect(view.list()[0]).toBe(a);
    expect(view.get("a", "ns")).toBe(a);
    expect(view.get("b", "ns")).toBeUndefined();
    expect(view.model).toBe(src.model);
    expect(view.state).toBe(src.state);
    expect(src.started).toBe(1);
  });

  it("turns objects entering and leaving the filter into ADDED and DELETED, and counts only what passes", () => {
    const src = new Source();
    src.put("ADDED", vm("x", managed));
    const view = new FilteredCache(src, matchesLabels("app.kubernetes.io/managed-by=kmetal")).start();
    const seen: string[] = [];
    view.subscribe((ev) => seen.push(ev.type === "STATE" ? "STATE" : `${ev.type} ${ev.object.metadata!.name}`));
    src.put("ADDED", vm("other"));
    src.put("MODIFIED", vm("other"));
    expect(seen).toEqual([]);
    expect(view.generation).toBe(0);
    src.put("MODIFIED", vm("x", managed));
    src.put("MODIFIED", vm("other", managed));
    src.put("MODIFIED", vm("x"));
    src.put("DELETED", vm("other", managed));
    src.put("DELETED", vm("x"));
    expect(seen).toEqual(["MODIFIED x", "ADDED other", "DELETED x", "DELETED other"]);
    expect(view.generation).toBe(4);
    expect(view.list()).toEqual([]);
  });

  it("passes state events on and stops its source", async () => {
    const src = new Source();
    const view = new FilteredCache(src, () => true).start();
    const seen: CacheEvent<KubeObjectLike>[] = [];
    view.subscribe((ev) => seen.push(ev));
    (src as unknown as { ls: Set<(ev: CacheEvent<KubeObjectLike>) => void> }).ls.forEach((l) => l({ type: "STATE", state: src.state }));
    expect(seen).toEqual([{ type: "STATE", state: src.state }]);
    await view.stop();
    expect(src.stopped).toBe(1);
    src.put("ADDED", vm("late"));
    expect(seen).toHaveLength(1);
  });
});
