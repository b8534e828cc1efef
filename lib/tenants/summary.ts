import { byCodePoint } from "@/lib/compare";

/** One row of the tenant list, as the server sends it. */
export interface TenantSummary {
  name: string;
  displayName?: string;
  phase: string;
  version: string;
  /** What the control plane actually runs (differs from `version` during an upgrade). */
  runningVersion?: string;
  networkMode: string;
  cidr: string;
  desiredWorkers: number;
  readyWorkers: number;
  /** The ControlPlaneReady condition is True (the overview's "control planes not ready" links filter on it). */
  controlPlaneReady: boolean;
  endpoint?: string;
  owners: string[];
  createdAt?: string;
  access: "admin" | "viewer";
  message?: string;
  /** What an Updating tenant is doing, e.g. "Scaling 2/3" or "Upgrading to v1.37.0". */
  activity?: string;
}

/** Newest first, then by name: one order for the list everywhere (server, client merges, benchmarks). */
export const compareSummaries = (a: TenantSummary, b: TenantSummary) => byCodePoint(b.createdAt ?? "", a.createdAt ?? "") || byCodePoint(a.name, b.name);

/** A row's key in live list changes. */
export const summaryKey = (t: TenantSummary) => t.name;
