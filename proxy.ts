import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { env } from "@/lib/env.js";
import { authConfig } from "@/server/auth/config";

// Every page view and API call is a sign of activity: this proxy re-issues the session cookie with the time
// of this request, so a session stays alive while it is used and ends after KMETAL_SESSION_IDLE without a
// request. Live streams (tRPC subscriptions) are not activity: an open page left alone still times out.
const { auth } = NextAuth(authConfig({ idle: env.KMETAL_SESSION_IDLE, maxAge: env.KMETAL_SESSION_MAX_AGE }));

const STREAM = /^\/api\/trpc\/[\w.]*\.watch\w*$/;

export default function proxy(req: NextRequest, event: NextFetchEvent) {
  if (STREAM.test(req.nextUrl.pathname)) return NextResponse.next();
  return (auth as unknown as (r: NextRequest, e: NextFetchEvent) => Promise<Response>)(req, event);
}

export const config = {
  // /metrics has its own bearer token and is no sign of a user's activity.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/auth|metrics).*)"],
};
