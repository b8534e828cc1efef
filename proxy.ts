import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { env } from "@/lib/env.js";
import { authConfig } from "@/server/auth/config";

// Every page view and API call is a sign of activity: this proxy re-issues the session cookie with the time
// of this request, so a session stays alive while it is used and ends after KMETAL_SESSION_IDLE without a
// request. Live streams (tRPC subscriptions) are not activity: an open page left alone still times out.
// It also gives each response its Content-Security-Policy with a fresh script nonce (contentSecurityPolicy).
const { auth } = NextAuth(authConfig({ idle: env.KMETAL_SESSION_IDLE, maxAge: env.KMETAL_SESSION_MAX_AGE }));

const STREAM = /^\/api\/trpc\/[\w.]*\.watch\w*$/;

/** 128 random bits, base64: a script nonce that cannot be guessed, new for every request. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The policy of one response: scripts only from this origin and with this request's nonce, which Next.js puts
 * on its own scripts when it finds it in the request's Content-Security-Policy header (the root layout puts it
 * on the theme script, read from x-nonce). No 'unsafe-inline' for scripts: an injected inline script has no
 * nonce. 'strict-dynamic' lets the nonced scripts load their chunks. Dev mode also needs eval (React's
 * debugging). Styles stay 'unsafe-inline': React style attributes, no script runs from them.
 */
export function contentSecurityPolicy(nonce: string, dev = env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The network graph lays itself out in a worker of this origin.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const withSession = auth((req) => {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}) as unknown as (r: NextRequest, e: NextFetchEvent) => Promise<Response>;

export default function proxy(req: NextRequest, event: NextFetchEvent) {
  if (STREAM.test(req.nextUrl.pathname)) return NextResponse.next();
  return withSession(req, event);
}

export const config = {
  // /metrics has its own bearer token and is no sign of a user's activity.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/auth|metrics).*)"],
};
