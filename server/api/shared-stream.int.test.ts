import crypto from "node:crypto";
import type { Session } from "next-auth";
import { afterAll, describe, expect, it } from "vitest";
import { openSharedStream, sharedStreamPath } from "@/server/api/shared-stream";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testGateway } from "@/test/kube";

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const name = `shared-${id}`;
const stop = new AbortController();
const session = (user: string, roles: Session["user"]["roles"]): Session =>
  ({ user: { name: user, roles }, expires: new Date(Date.now() + 3_600_000).toISOString(), endsAt: Math.floor(Date.now() / 1000) + 600 }) as Session;
const request = (path: string) => new Request(`http://127.0.0.1/api/trpc/${path}`, { signal: stop.signal });

/** Reads a live event stream as it comes: each call returns the next event that `pred` accepts. */
function events(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return async function next(pred: (e: { type: string; data: string }) => boolean, withinMs = 15_000): Promise<{ type: string; data: string }> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n");
        if (/^(event|data):/m.test(block) && pred({ type, data })) return { type, data };
      }
      if (Date.now() > deadline) throw new Error("no such event in time");
      const r = await reader.read();
      if (r.done) throw new Error("the stream ended");
      buffer += decoder.decode(r.value, { stream: true });
    }
  };
}

describe("the shared live streams, opened through their procedures", () => {
  afterAll(async () => {
    stop.abort();
    await kube.delete(models.Tenant, { name }, { ignoreNotFound: true });
  });

  it("send the tenant list in tRPC's event-stream format, then only what changed, to a signed-in viewer", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    const path = sharedStreamPath(request("tenants.watchList"))!;
    const res = await openSharedStream(request(path), path, session("viewer", ["platform-viewer"]));
    expect(res?.headers.get("content-type")).toBe("text/event-stream");
    const next = events(res!);
    await next((e) => e.type === "connected");
    const full = JSON.parse((await next((e) => e.type === "message")).data) as { kind: string };
    expect(full.kind).toBe("full");
    await kube.create(models.Tenant, { metadata: { name }, spec: {
      owners: [], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: "172.31.77.0/24" },
      workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
    } } as never);
    const diff = await next((e) => e.type === "message" && e.data.includes(`"name":"${name}"`));
    expect(JSON.parse(diff.data)).toMatchObject({ kind: "diff", upserts: [expect.objectContaining({ name })] });
    expect(diff.data.length).toBeLessThan(2_048);
  });

  it("leave a call without a session to tRPC, and give the overview in the caller's scope", async () => {
    expect(await openSharedStream(request("overview.watch"), "overview.watch", null)).toBeUndefined();
    const res = await openSharedStream(request("overview.watch"), "overview.watch", session("viewer", ["platform-viewer"]));
    const next = events(res!);
    const first = JSON.parse((await next((e) => e.type === "message")).data) as { scope: string };
    expect(first.scope).toBe("fleet");
  });
});
