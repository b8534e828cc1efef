import crypto from "node:crypto";
import { models } from "@/server/kube/models";
import { MAX_BATCH } from "@/lib/api/limits";
import { expect, test } from "./fixtures";

// One batched POST of hundreds of mutations used to run (and audit) every one of them: the batch is now
// refused as a whole, and nothing of it reaches the audit log.
test("a batch of 300 mutations is refused whole and writes no audit record", async ({ page, kube }) => {
  const marker = `flood-${crypto.randomBytes(4).toString("hex")}`;
  const count = async () => (await kube.list<{ spec: { input?: string } }>(models.AuditRecord)).items.filter((r) => r.spec.input?.includes(marker)).length;
  await page.goto("/tenants");
  const batch = (n: number) => {
    const paths = Array.from({ length: n }, () => "tenants.delete").join(",");
    const body = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { name: `${marker}-${i}` }]));
    return page.request.post(`/api/trpc/${paths}?batch=1`, { data: body });
  };

  const flood = await batch(300);
  expect(flood.status()).toBe(400);
  expect(await flood.text()).toContain("Batch call exceeds maximum size");

  // A batch within the limit runs: each call is answered (here: not found) and audited once.
  const small = await batch(MAX_BATCH);
  const answers = (await small.json()) as { error?: { data?: { code?: string } } }[];
  expect(answers.map((a) => a.error?.data?.code)).toEqual(Array(MAX_BATCH).fill("NOT_FOUND"));
  await expect.poll(count, { timeout: 15_000 }).toBe(MAX_BATCH);
});
