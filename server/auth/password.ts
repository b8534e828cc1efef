import crypto from "node:crypto";
import { promisify } from "node:util";

// scrypt from node:crypto: memory-hard, no native add-on. Format: scrypt$N$r$p$salt$hash (base64url).
// Always the asynchronous scrypt: it runs on libuv's thread pool, where the synchronous one would stop the
// event loop (every other request) for each sign-in attempt.
const N = 16384, R = 8, P = 1, KEYLEN = 32;
const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split("$");
  if (alg !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scrypt(password, Buffer.from(salt, "base64url"), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return crypto.timingSafeEqual(actual, expected);
}

/** A password that is easy to type and has ~120 bits of entropy. */
export function randomPassword(): string {
  return crypto.randomBytes(15).toString("base64url");
}
