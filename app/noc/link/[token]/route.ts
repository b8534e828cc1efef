import { NextResponse } from "next/server";
import { DISPLAY_COOKIE, displayIdOf } from "@/lib/display/token";
import { env } from "@/lib/env.js";

export const dynamic = "force-dynamic";

/**
 * A display link: keeps its token in an HTTP-only cookie and opens the wall, so the token leaves the address
 * bar at once. Whether the token is valid is decided by the wall's procedures on every request, not here.
 * The cookie lasts as long as a link may (ten years); revoking the link is what ends it.
 */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const res = NextResponse.redirect(new URL("/noc", req.url), 303);
  res.headers.set("Referrer-Policy", "no-referrer");
  if (!displayIdOf(token)) return res;
  res.cookies.set(DISPLAY_COOKIE, token, {
    httpOnly: true, sameSite: "lax", secure: env.AUTH_URL?.startsWith("https://") ?? false, path: "/", maxAge: 3650 * 86_400,
  });
  return res;
}
