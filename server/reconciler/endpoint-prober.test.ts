import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCa, issueServerCert } from "@/server/pki/pki";
import { EndpointProber, probeEndpoint } from "@/server/reconciler/endpoint-prober";

// A real TLS server on loopback that answers /livez with whatever status the test sets, or not at all.
let status = 200;
let hang = false;
let server: https.Server;
let endpoint = "";
const closedEndpoint = async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `https://127.0.0.1:${port}`;
};

beforeAll(async () => {
  const ca = await createCa("probe-test-ca");
  const cert = await issueServerCert(ca, { commonName: "kube-apiserver", hosts: ["127.0.0.1"] });
  server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    if (hang) return; // never answers
    res.statusCode = req.url === "/livez" ? status : 404;
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("probeEndpoint", () => {
  it("answers, refuses, fails and stays silent as the endpoint does", async () => {
    status = 200;
    expect(await probeEndpoint(endpoint)).toEqual({ endpoint, available: true, reason: "HealthzOK", message: "/livez answered 200" });
    status = 401; // anonymous requests refused: still the API server answering
    expect(await probeEndpoint(endpoint)).toMatchObject({ available: true, reason: "HealthzOK", message: "/livez answered 401" });
    status = 503;
    expect(await probeEndpoint(endpoint)).toMatchObject({ available: false, reason: "HealthzFailed", message: "/livez answered 503" });
    const closed = await closedEndpoint();
    expect(await probeEndpoint(closed)).toMatchObject({ endpoint: closed, available: false, reason: "Unreachable", message: expect.stringMatching(/^ECONNREFUSED/) });
    hang = true;
    try {
      expect(await probeEndpoint(endpoint, 300)).toMatchObject({ available: false, reason: "Unreachable", message: "no answer within 300 ms" });
    } finally {
      hang = false;
    }
  });
});

describe("EndpointProber", () => {
  it("keeps the last result per target and tells only changes; a target that goes is forgotten", async () => {
    status = 200;
    const changed: string[] = [];
    let targets = [{ name: "a", endpoint }, { name: "b", endpoint: await closedEndpoint() }];
    const prober = new EndpointProber({ targets: () => targets, onChange: (n) => changed.push(n), concurrency: 2 });
    await prober.round();
    expect(changed.sort()).toEqual(["a", "b"]);
    expect([prober.get("a")?.available, prober.get("b")?.available]).toEqual([true, false]);
    await prober.round(); // nothing changed: nothing told
    expect(changed).toHaveLength(2);
    status = 503;
    await prober.round();
    expect(changed.slice(2)).toEqual(["a"]);
    expect(prober.get("a")).toMatchObject({ available: false, reason: "HealthzFailed" });
    targets = [{ name: "b", endpoint: targets[1]!.endpoint }];
    await prober.round();
    expect(prober.get("a")).toBeUndefined();
    status = 200;
  });
});
