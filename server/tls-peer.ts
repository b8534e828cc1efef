import crypto from "node:crypto";
import tls from "node:tls";

/**
 * The DER bytes of the certificate a TLS server presents, not verified (only its public facts are read), or
 * undefined when the server does not answer within `timeoutMs`.
 */
export function peerCertificate(host: string, port: number, opts: { servername?: string; timeoutMs?: number } = {}): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = tls.connect({ host, port, servername: opts.servername, rejectUnauthorized: false, timeout: opts.timeoutMs ?? 3_000 }, () => {
      const raw = s.getPeerCertificate().raw;
      s.end();
      resolve(raw?.length ? raw : undefined);
    });
    s.on("timeout", () => (s.destroy(), resolve(undefined)));
    s.on("error", () => resolve(undefined));
    s.on("close", () => resolve(undefined));
  });
}

/** The SHA-256 fingerprint of the certificate a TLS server on 127.0.0.1:`port` presents, or undefined when it does not answer. */
export async function servedFingerprint(port: number, timeoutMs = 3_000): Promise<string | undefined> {
  const raw = await peerCertificate("127.0.0.1", port, { timeoutMs });
  return raw ? new crypto.X509Certificate(raw).fingerprint256 : undefined;
}
