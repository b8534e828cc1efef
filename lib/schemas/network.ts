import { z } from "zod";
import { TenantName } from "@/lib/schemas/tenant";

// The network view's inputs, shared by its forms and the network router.

const TenantNode = z.string().regex(/^tenant:[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "A tenant");

/** A policy exception as a platform admin asks for it; who asked is taken from the session, never from here. */
export const CreateExceptionSchema = z.object({
  from: TenantNode,
  to: z.string().regex(/^(platform|tenant:[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$/, "A tenant or the platform"),
  reason: z.string().trim().min(1, "Required").max(1024, "At most 1024 characters"),
  expires: z.iso.datetime({ offset: true, error: "A date and time" }).refine((v) => Number.isNaN(Date.parse(v)) || Date.parse(v) > Date.now(), "Must lie in the future").optional(),
}).refine((x) => x.from !== x.to, { path: ["to"], message: "Pick another node than the source" });
export type CreateExceptionInput = z.infer<typeof CreateExceptionSchema>;

const NodeId = z.union([TenantNode, z.literal("platform"), z.literal("external")]);
/** One edge of the graph, by its two node ids. */
export const EdgeRefSchema = z.object({ from: NodeId, to: NodeId });

export const ExceptionRefSchema = z.object({ name: z.string().min(1).max(253).regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/) });

/** The object behind a reason of an edge, to show its YAML: "<Kind>/<name>" or "<Kind>/<namespace>/<name>". */
export const ObjectRefSchema = z.object({ ref: z.string().min(3).max(600).regex(/^[A-Za-z]+\/[a-z0-9.-]+(\/[a-z0-9.-]+)?$/) });

export const TRACE_PROTOCOLS = ["tcp", "udp", "sctp", "icmp", "other"] as const;
const Ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** One side of "Can A reach B?": what kind of thing it is and which one. */
export const TraceSideSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("tenant"), value: TenantName }),
  z.object({ kind: z.literal("subnet"), value: z.string().min(1, "Required").max(253) }),
  z.object({ kind: z.literal("vm"), value: z.string().regex(/^[a-z0-9.-]+\/[a-z0-9.-]+$/, "namespace/name") }),
  z.object({ kind: z.literal("ip"), value: z.string().regex(Ipv4, "An IPv4 address") }),
  z.object({ kind: z.literal("platform"), value: z.string().max(0).optional() }),
  z.object({ kind: z.literal("external"), value: z.string().max(0).optional() }),
]);
export type TraceSide = z.infer<typeof TraceSideSchema>;

export const TraceQuerySchema = z.object({
  from: TraceSideSchema.refine((s) => s.kind !== "platform" && s.kind !== "external", "Pick a tenant, subnet, VM or IP as the source"),
  to: TraceSideSchema,
  protocol: z.enum(TRACE_PROTOCOLS),
  port: z.number({ error: "A port from 1 to 65535" }).int().min(1, "A port from 1 to 65535").max(65535, "A port from 1 to 65535").optional(),
}).refine((q) => !["tcp", "udp", "sctp"].includes(q.protocol) || q.port !== undefined, { path: ["port"], message: "A port from 1 to 65535" });
export type TraceQueryInput = z.infer<typeof TraceQuerySchema>;

/** The engine's spelling of one side (lib/policy-graph/trace.ts resolveSide). */
export function sideSpec(s: TraceSide): string {
  switch (s.kind) {
    case "tenant": return `tenant:${s.value}`;
    case "subnet": return `subnet:${s.value}`;
    case "vm": return `vm:${s.value}`;
    case "ip": return s.value;
    default: return s.kind;
  }
}

/** The engine's spelling of the flow: "tcp/443", "icmp", "other". */
export const flowSpec = (q: Pick<TraceQueryInput, "protocol" | "port">) => (["tcp", "udp", "sctp"].includes(q.protocol) ? `${q.protocol}/${q.port}` : q.protocol);
