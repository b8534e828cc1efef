import { env } from "./lib/env.js";

// Next.js inlines its bootstrap scripts, hence 'unsafe-inline'; dev mode also needs eval for fast refresh.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
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
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Frame-Options", value: "DENY" },
          ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
        ],
      },
    ];
  },
};

export default config;
