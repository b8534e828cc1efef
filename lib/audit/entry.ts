/** One recorded action: who, what, on which tenant, when, and how it ended. */
export interface AuditEntry {
  user: string;
  roles: string[];
  action: string;
  tenant?: string;
  result: "success" | "denied" | "error";
  code?: string;
  message?: string;
  input?: string;
  sourceIp?: string;
  at: string;
}
