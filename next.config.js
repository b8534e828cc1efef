import createNextIntlPlugin from "next-intl/plugin";
import { env } from "./lib/env.js";

// next-intl reads each request's locale, time zone and catalog from i18n/request.ts (no locale in the URL).
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// Pages and the API get their Content-Security-Policy from proxy.ts, with a new script nonce per request (no
// 'unsafe-inline' scripts). The paths it does not run on (Auth.js's own endpoints, static files) get this
// one: nothing runs there, so nothing is allowed.
const fixedCsp = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");
const https = env.AUTH_URL?.startsWith("https://") ?? false;

/** @type {import("next").NextConfig} */
const config = {
  reactStrictMode: true,
  // The production image runs .next/standalone/server.js: only the files the server traces, no dev tools.
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["@kubernetes/client-node"],
  typedRoutes: false,
  // Keep 127.0.0.1 in request URLs: Next.js rewrites loopback hosts to "localhost", so behind `kmetal up`
  // (AUTH_URL http://127.0.0.1:…) Auth.js would build the OAuth callback URL for another host than the
  // one the identity provider was given, and send the browser where its cookies are not.
  skipProxyUrlNormalize: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
        ],
      },
      { source: "/api/auth/:path*", headers: [{ key: "Content-Security-Policy", value: fixedCsp }] },
      { source: "/_next/:path*", headers: [{ key: "Content-Security-Policy", value: fixedCsp }] },
      // A web worker obeys the policy its own script came with: the bundler's worker bootstrap (the network
      // graph's layout worker) loads its chunks from this origin, and nothing else.
      { source: "/_next/static/chunks/:file(turbopack-worker-.*)", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; script-src 'self'" }] },
      { source: "/favicon.ico", headers: [{ key: "Content-Security-Policy", value: fixedCsp }] },
    ];
  },
};

export default withNextIntl(config);
