import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { ListMessage } from "@/lib/live/list-diff";
import type { TenantSummary } from "@/lib/tenants/summary";
import { createCaller } from "@/server/api/root";
import type { Identity } from "@/server/api/trpc";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testContext, testGateway } from "@/test/kube";

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const A = `stream-a-${id}`;
const B = `stream-b-${id}`;
const OWNER = `owner-${id}`;
// Streams end when the signal aborts (a pending next() would hold back a return() for good).
const stop = new AbortController();
const as = (name: string, ...roles: Identity["roles"]) => createCaller(testContext({ identity: { name, roles } }), { signal: stop.signal });
type Msg = ListMessage<TenantSummary>;

/** The next message of a stream that `pred` accepts (others are skipped: other files change their tenants too). */
async function next(it: AsyncIterator<Msg>, pred: (m: Msg) => boolean, withinMs = 15_000): Promise<Msg> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`no such message within ${withinMs} ms`)), withinMs)));
  try {
    for (;;) {
      const r = await Promise.race([it.next(), deadline]);
      if (r.done) throw new Error("the stream ended");
      if (pred(r.value)) return r.value;
    }
  } finally {
    clearTimeout(timer);
  }
}
const names = (m: Msg) => (m.kind === "full" ? m.rows : m.upserts).map((t) => t.name);

describe("tenants.watchList sends the list once, then only what changed", () => {
  afterAll(async () => {
    for (const name of [A, B]) await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  });

  it("pushes a change as the changed row alone, in scope", { timeout: 90_000 }, async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    for (const [name, owners] of [[A, [OWNER]], [B, []]] as const) {
      await kube.create(models.Tenant, { metadata: { name }, spec: { kubernetesVersion: "v1.36.3", owners, network: { mode: "overlay", cidr: `10.77.${crypto.randomInt(250)}.0/24` }, workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }] } } as never);
    }
    const adminIt = (await as("root", "platform-admin").tenants.watchList())[Symbol.asyncIterator]() as AsyncIterator<Msg>;
    const ownerIt = (await as(OWNER, "tenant-admin").tenants.watchList())[Symbol.asyncIterator]() as AsyncIterator<Msg>;
    try {
      // The first message is the whole list (once both tenants are in the cache).
      const first = await next(adminIt, () => true);
      expect(first.kind).toBe("full");
      const known = new Map((first as Extract<Msg, { kind: "full" }>).rows.map((t) => [t.name, t]));
      while (!known.has(A) || !known.has(B)) {
        const m = await next(adminIt, () => true);
        expect(m.kind).toBe("diff");
        for (const t of (m as Extract<Msg, { kind: "diff" }>).upserts) known.set(t.name, t);
      }
      const ownerFirst = await next(ownerIt, (m) => names(m).includes(A));
      if (ownerFirst.kind === "full") expect(ownerFirst.rows.map((t) => t.name)).toEqual([A]);

      // A change to B, then to A: the tenant admin never hears of B, the platform admin gets each row alone.
      await kube.mergePatch(models.Tenant, { name: B }, { spec: { displayName: `b ${id}` } });
      await kube.mergePatch(models.Tenant, { name: A }, { spec: { displayName: `a ${id}` } });
      const toOwner = await next(ownerIt, (m) => m.kind === "diff" && m.upserts.some((t) => t.displayName === `a ${id}`));
      expect(names(toOwner)).toEqual([A]);
      expect(JSON.stringify(toOwner).length).toBeLessThanOrEqual(2048);

      // Both changes may come in one message (one computation per burst), never with rows that did not change.
      const waiting = new Set([`b ${id}`, `a ${id}`]);
      while (waiting.size) {
        const m = await next(adminIt, (x) => x.kind === "diff" && x.upserts.some((t) => waiting.has(t.displayName ?? "")));
        for (const t of (m as Extract<Msg, { kind: "diff" }>).upserts) {
          expect(JSON.stringify(t)).not.toBe(JSON.stringify(known.get(t.name)));
          known.set(t.name, t);
          waiting.delete(t.displayName ?? "");
        }
        expect(m.kind === "diff" && m.upserts.length).toBeLessThan(5);
      }

      // A deletion is a removal by name.
      await kube.delete(models.Tenant, { name: B });
      // (A reconciler of another test file may hold it in Deleting for a while first.)
      const gone = await next(adminIt, (m) => m.kind === "diff" && m.removes.includes(B), 45_000);
      expect(JSON.stringify(gone).length).toBeLessThanOrEqual(2048);
    } finally {
      stop.abort();
    }
  });
});
