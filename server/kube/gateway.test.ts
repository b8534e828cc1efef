import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeGateway } from "@/server/kube/gateway";

// What the gateway puts on the wire, seen by a plain HTTP server on loopback.
let server: http.Server;
let seen: http.IncomingHttpHeaders[] = [];
let rawSeen: string[][] = [];
/** Answers 429 to this many requests first, as an API server whose storage is (re)initializing does. */
let busy = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    rawSeen.push(req.rawHeaders);
    if (busy > 0) {
      busy--;
      res.statusCode = 429;
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ kind: "Status", code: 429, reason: "TooManyRequests", message: "storage is (re)initializing", details: { retryAfterSeconds: 0 } }));
      return;
    }
    res.setHeader("Content-Type", "application/json");
    res.end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function gateway(user: Record<string, unknown> = { name: "u", token: "t0ken" }): KubeGateway {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [user],
    contexts: [{ name: "x", cluster: "c", user: user.name as string }],
    currentContext: "x",
  });
  return new KubeGateway(kc);
}

describe("KubeGateway impersonation", () => {
  it("sends no Impersonate-* header for the console's own requests", async () => {
    seen = [];
    await gateway().request("GET", "/api");
    expect(Object.keys(seen[0]!).filter((h) => h.startsWith("impersonate-"))).toEqual([]);
    expect(seen[0]!.authorization).toBe("Bearer t0ken");
  });

  it("acts as the user, with one Impersonate-Group header per group", async () => {
    rawSeen = [];
    await gateway().as({ user: "alice", groups: ["kmetal:role:tenant-admin", "kmetal:tenant-admin:alice"] }).request("GET", "/api");
    const pairs: [string, string][] = [];
    for (let i = 0; i < rawSeen[0]!.length; i += 2) pairs.push([rawSeen[0]![i]!.toLowerCase(), rawSeen[0]![i + 1]!]);
    expect(pairs.filter(([k]) => k === "impersonate-user")).toEqual([["impersonate-user", "alice"]]);
    expect(pairs.filter(([k]) => k === "impersonate-group").map(([, v]) => v)).toEqual(["kmetal:role:tenant-admin", "kmetal:tenant-admin:alice"]);
  });

  it("never keeps impersonation set anywhere else (e.g. `as:` in a kubeconfig): only the session decides", async () => {
    seen = [];
    const kc = gateway({ name: "u", token: "t0ken", impersonateUser: "kmetal-admin" });
    await kc.request("GET", "/api");
    await kc.as({ user: "bob", groups: [] }).request("GET", "/api");
    expect(seen[0]!["impersonate-user"]).toBeUndefined();
    expect(seen[1]!["impersonate-user"]).toBe("bob");
    expect(seen[1]!["impersonate-group"]).toBeUndefined();
  });
});

describe("KubeGateway retries", () => {
  it("retries a read the server answers with 429, but never a write", async () => {
    seen = [];
    busy = 2;
    await gateway().request("GET", "/apis/kmetal.io/v1alpha1/auditrecords");
    expect(seen.length).toBe(3);
    seen = [];
    busy = 1;
    const err = await gateway().request("POST", "/apis/kmetal.io/v1alpha1/auditrecords", { body: {} }).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(429);
    expect(seen.length).toBe(1);
    busy = 0;
  });
});
