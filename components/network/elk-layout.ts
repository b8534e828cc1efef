/**
 * Lays the graph out with ELK (layered, left to right). In a worker of its own when the browser allows it, so a
 * large layout never blocks the page; in the page otherwise. Both load ELK only when a graph is drawn.
 */
import { elkGraph, positionsOf, type LayoutInput, type Positions } from "@/components/network/elk-graph";

export type { Positions } from "@/components/network/elk-graph";

let worker: Worker | undefined;
let seq = 0;

async function inPage(input: LayoutInput): Promise<Positions> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  return positionsOf(await new ELK().layout(elkGraph(input)));
}

export async function layout(input: LayoutInput): Promise<Positions> {
  if (typeof Worker === "undefined") return inPage(input);
  try {
    worker ??= new Worker(new URL("./elk.worker.ts", import.meta.url));
  } catch {
    return inPage(input);
  }
  const w = worker;
  const id = ++seq;
  return new Promise<Positions>((resolve) => {
    const done = (ev: MessageEvent<{ id: number; positions?: Positions }>) => {
      if (ev.data.id !== id) return;
      w.removeEventListener("message", done);
      w.removeEventListener("error", failed);
      if (ev.data.positions) resolve(ev.data.positions);
      else void inPage(input).then(resolve);
    };
    // A worker the page's policy or the bundler refused: lay out in the page instead, from now on.
    const failed = () => {
      w.removeEventListener("message", done);
      w.removeEventListener("error", failed);
      worker = undefined;
      w.terminate();
      void inPage(input).then(resolve);
    };
    w.addEventListener("message", done);
    w.addEventListener("error", failed);
    w.postMessage({ id, input });
  });
}
