/**
 * Lays the graph out with ELK (layered, left to right), in ELK's own worker so a large layout never blocks the
 * page; in the page if the worker cannot start. Both load ELK only when a graph is drawn.
 */
import type { ELK } from "elkjs/lib/elk-api";
import { elkGraph, positionsOf, type LayoutInput, type Positions } from "@/components/network/elk-graph";

export type { Positions } from "@/components/network/elk-graph";

let elk: ELK | undefined;
let workerFailed = false;

async function inPage(input: LayoutInput): Promise<Positions> {
  const { default: ELKInPage } = await import("elkjs/lib/elk.bundled.js");
  return positionsOf(await new ELKInPage().layout(elkGraph(input)));
}

async function inWorker(input: LayoutInput): Promise<Positions> {
  const { default: ELKApi } = await import("elkjs/lib/elk-api.js");
  elk ??= new ELKApi({ workerFactory: () => new Worker(new URL("./elk.worker.ts", import.meta.url)) });
  return positionsOf(await elk.layout(elkGraph(input)));
}

/** A worker that never answers (refused by the page's policy, say) must not leave the graph unlaid. */
const WORKER_TIMEOUT_MS = 10_000;

export async function layout(input: LayoutInput): Promise<Positions> {
  if (typeof Worker === "undefined" || workerFailed) return inPage(input);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      inWorker(input),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("layout worker timed out")), WORKER_TIMEOUT_MS))),
    ]);
  } catch {
    workerFailed = true;
    elk?.terminateWorker();
    elk = undefined;
    return inPage(input);
  } finally {
    clearTimeout(timer);
  }
}
