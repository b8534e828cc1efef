import crypto from "node:crypto";
import zlib from "node:zlib";
import type { Session } from "next-auth";
import { afterAll, describe, expect, it } from "vitest";
import { answerSharedQuery, sharedQueryPath } from "@/server/api/shared-query";
import { models } from "@/server/kube/models";
import { ensurePlatformPolicy } from "@/server/services/platform-policy";
import { testGateway } from "@/test/kube";

const kube = testGateway();
const id = crypto.randomBytes(3).toString("hex");
const name = `sq-${id}`;
// Enough rows for a body above the size worth compressing (1 KiB).
const names = [name, ...Array.from({ length: 5 }, (_, i) => `sq-${id}-${i}`)];
const session = (user: string, roles: Session["user"]["roles"]): Session =>
  ({ user: { name: user, roles }, expires: new Date(Date.now() + 3_600_000).toISOString(), endsAt: Math.floor(Date.now() / 1000) + 600 }) as Session;
const request = (path: string, headers: Record<string, string> = {}) => new Request(`http://127.0.0.1/api/trpc/${path}`, { headers });
const rows = async (res: Response) => {
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = res.headers.get("content-encoding") === "gzip" ? zlib.gunzipSync(bytes).toString() : bytes.toString();
  return (JSON.parse(text) as { result: { data: { name: string }[] } }).result.data.map((t) => t.name);
};

describe("the fleet list answered from one encoding per version", () => {
  afterAll(async () => {
    for (const n of names) await kube.delete(models.Tenant, { name: n }, { ignoreNotFound: true });
  });

  it("answers a single call only, in tRPC's body, gzipped when asked, the same bytes until the list changes", async () => {
    await ensurePlatformPolicy(kube, ["v1.36.3"]);
    expect(sharedQueryPath(request("tenants.list"))).toBe("tenants.list");
    expect(sharedQueryPath(request("tenants.list?batch=1&input=%7B%7D"))).toBeUndefined();
    expect(sharedQueryPath(request("tenants.byName?input=%7B%7D"))).toBeUndefined();
    expect(sharedQueryPath(new Request("http://127.0.0.1/api/trpc/tenants.list", { method: "POST" }))).toBeUndefined();
    // Refused without a session: left to tRPC.
    expect(await answerSharedQuery(request("tenants.list"), "tenants.list", null)).toBeUndefined();

    for (const [i, n] of names.entries()) {
      await kube.create(models.Tenant, { metadata: { name: n }, spec: {
        owners: [], kubernetesVersion: "v1.36.3", network: { mode: "overlay", cidr: `172.31.${80 + i}.0/24` },
        workerPools: [{ name: "w", replicas: 0, vcpu: 1, memoryGi: 1, diskGi: 10, image: "x" }],
      } } as never);
    }
    const viewer = session("viewer", ["platform-viewer"]);
    const ask = (headers: Record<string, string> = {}) => answerSharedQuery(request("tenants.list", headers), "tenants.list", viewer);
    await expect.poll(async () => {
      const have = await rows((await ask())!);
      return names.filter((n) => !have.includes(n));
    }, { timeout: 15_000 }).toEqual([]);
    const plain = (await ask())!;
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(plain.headers.get("content-encoding")).toBeNull();
    const a = (await ask({ "Accept-Encoding": "gzip, deflate" }))!;
    const b = (await ask({ "Accept-Encoding": "gzip" }))!;
    expect(a.headers.get("content-encoding")).toBe("gzip");
    const [bytesA, bytesB] = [Buffer.from(await a.arrayBuffer()), Buffer.from(await b.arrayBuffer())];
    expect(bytesA.equals(bytesB)).toBe(true);
    expect(await rows(new Response(bytesA, { headers: { "content-encoding": "gzip" } }))).toEqual(await rows(plain));
    // A tenant admin's scope: not this tenant (it has no owners).
    expect(await rows((await answerSharedQuery(request("tenants.list"), "tenants.list", session(`alice-${id}`, ["tenant-admin"])))!)).not.toContain(name);
  });
});
