import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTcpBalancer, type TcpBalancer } from "@/server/local/tcp-balancer";

/** An echo server that prefixes every reply with its name, so a test sees which backend answered. */
function echoServer(name: string): Promise<{ port: number; close: () => Promise<void> }> {
  const socks = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    socks.add(s);
    s.on("close", () => socks.delete(s));
    s.on("data", (d) => s.write(Buffer.concat([Buffer.from(`${name}:`), d])));
  });
  return new Promise((resolve) => {
    srv.listen(0, "127.0.0.1", () => resolve({
      port: (srv.address() as net.AddressInfo).port,
      close: () => new Promise<void>((r) => {
        srv.close(() => r());
        for (const s of socks) s.destroy();
      }),
    }));
  });
}

/** Sends bytes (latin1, so any byte value survives) and resolves with the reply, or rejects if the connection drops. */
function roundTrip(port: number, msg: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1", () => sock.write(Buffer.from(msg, "latin1")));
    sock.once("data", (d) => {
      sock.end();
      resolve(d.toString("latin1"));
    });
    sock.once("close", () => reject(new Error("closed without a reply")));
    sock.once("error", reject);
  });
}

/** A port nobody listens on. */
async function deadPort(): Promise<number> {
  const e = await echoServer("gone");
  await e.close();
  return e.port;
}

describe("TCP pass-through balancer", () => {
  const cleanups: (() => Promise<void>)[] = [];
  const track = <T extends { close: () => Promise<void> }>(x: T) => (cleanups.push(() => x.close()), x);
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });

  it("alternates between backends and passes bytes both ways untouched", async () => {
    const [a, b] = [track(await echoServer("a")), track(await echoServer("b"))];
    const lb: TcpBalancer = track(await startTcpBalancer({ backends: () => [a.port, b.port] }));
    expect(lb.port).toBeGreaterThan(0);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await roundTrip(lb.port, `hello ${i}`));
    expect(replies).toEqual(["a:hello 0", "b:hello 1", "a:hello 2", "b:hello 3"]);
    const binary = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0a]); // TLS-record-like bytes
    const reply = Buffer.from(await roundTrip(lb.port, binary.toString("latin1")), "latin1");
    expect(reply.subarray(2)).toEqual(binary);
  });

  it("skips a backend that refuses and uses the next one", async () => {
    const b = track(await echoServer("b"));
    const dead = await deadPort();
    const lb = track(await startTcpBalancer({ backends: () => [dead, b.port] }));
    for (let i = 0; i < 3; i++) expect(await roundTrip(lb.port, `x${i}`)).toBe(`b:x${i}`);
  });

  it("re-reads the backend list per connection and fails over when one goes down", async () => {
    const a = track(await echoServer("a"));
    const b = track(await echoServer("b"));
    let ports = [a.port];
    const lb = track(await startTcpBalancer({ backends: () => ports }));
    expect(await roundTrip(lb.port, "1")).toBe("a:1");
    ports = [a.port, b.port];
    await a.close();
    for (let i = 0; i < 3; i++) expect(await roundTrip(lb.port, `y${i}`)).toBe(`b:y${i}`);
  });

  it("drops the client when no backend answers", async () => {
    const lb = track(await startTcpBalancer({ backends: () => [] }));
    await expect(roundTrip(lb.port, "anyone?")).rejects.toThrow();
    const lb2 = track(await startTcpBalancer({ backends: () => [] }));
    expect(lb2.port).not.toBe(lb.port);
  });

  it("counts open connections and cuts them on close", async () => {
    const a = track(await echoServer("a"));
    const lb = await startTcpBalancer({ backends: () => [a.port] });
    const sock = net.connect(lb.port, "127.0.0.1");
    const closed = new Promise((r) => sock.once("close", r));
    sock.on("error", () => {});
    await new Promise((r) => sock.once("connect", r));
    await expect.poll(() => lb.connections()).toBe(1);
    await lb.close();
    await closed;
    expect(lb.connections()).toBe(0);
    await expect(roundTrip(lb.port, "late")).rejects.toThrow();
  });

  it("listens on a requested port and refuses one that is taken", async () => {
    const a = track(await echoServer("a"));
    const lb = track(await startTcpBalancer({ port: await deadPort(), backends: () => [a.port] }));
    expect(await roundTrip(lb.port, "p")).toBe("a:p");
    await expect(startTcpBalancer({ port: lb.port, backends: () => [] })).rejects.toThrow(/EADDRINUSE/);
  });
});
