import crypto from "node:crypto";
import tls from "node:tls";

/** The SHA-256 fingerprint of the certificate a TLS server on 127.0.0.1:`port` presents (not verified), or undefined when it does not answer. */
export function servedFingerprint(port: number, timeoutMs = 3_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: "127.0.0.1", port, rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const raw = s.getPeerCertificate().raw;
      s.end();
      resolve(raw ? new crypto.X509Certificate(raw).fingerprint256 : undefined);
    });
    s.on("timeout", () => (s.destroy(), resolve(undefined)));
    s.on("error", () => resolve(undefined));
  });
}
