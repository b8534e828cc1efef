import { describe, expect, it } from "vitest";

// The token is read from the environment when lib/env.js loads: set it first.
process.env.KMETAL_METRICS_TOKEN = "a-metrics-token-of-some-length";

describe("/metrics on the console's port", async () => {
  const { metricsResponse } = await import("@/server/api/metrics");
  const req = (auth?: string) => new Request("http://127.0.0.1/metrics", { headers: auth ? { authorization: auth } : {} });

  it("refuses anonymous and wrong-token requests before reading anything", async () => {
    expect((await metricsResponse(req())).status).toBe(401);
    expect((await metricsResponse(req("Bearer wrong"))).status).toBe(401);
    expect((await metricsResponse(req("Basic a-metrics-token-of-some-length"))).status).toBe(401);
  });
});
