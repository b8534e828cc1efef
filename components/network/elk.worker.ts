/// <reference lib="webworker" />
import ELK from "elkjs/lib/elk.bundled.js";
import { elkGraph, positionsOf, type LayoutInput } from "./elk-graph";

const elk = new ELK();
self.addEventListener("message", (ev: MessageEvent<{ id: number; input: LayoutInput }>) => {
  elk.layout(elkGraph(ev.data.input))
    .then((root) => self.postMessage({ id: ev.data.id, positions: positionsOf(root) }))
    .catch(() => self.postMessage({ id: ev.data.id }));
});
