/// <reference lib="webworker" />
// ELK's worker script: it answers the layout requests of elkjs/lib/elk-api in the page (components/network/elk-layout.ts).
import "elkjs/lib/elk-worker.min.js";
