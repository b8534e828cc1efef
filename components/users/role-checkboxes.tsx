"use client";

import { Role } from "@/lib/schemas/auth";

const HINT: Record<Role, string> = {
  "platform-admin": "Everything: tenants, policy and users",
  "platform-viewer": "Reads every tenant and the under cluster",
  "tenant-admin": "Runs the tenants that list them as owners",
  "tenant-viewer": "Reads the tenants that list them as owners",
};

/** One checkbox per role; the label is the role's own name, its meaning is the checkbox's description. */
export function RoleCheckboxes({ idPrefix, value, onChange, error }: { idPrefix: string; value: Role[]; onChange: (roles: Role[]) => void; error?: string }) {
  const toggle = (role: Role, on: boolean) => onChange(Role.options.filter((r) => (r === role ? on : value.includes(r))));
  return (
    <fieldset aria-describedby={error ? `${idPrefix}-error` : undefined} className="space-y-2">
      <legend className="text-sm font-medium">Roles</legend>
      {Role.options.map((r) => (
        <div key={r} className="flex items-start gap-2">
          <input
            id={`${idPrefix}-${r}`}
            type="checkbox"
            className="mt-1 accent-accent"
            checked={value.includes(r)}
            aria-invalid={!!error}
            aria-describedby={`${idPrefix}-${r}-hint`}
            onChange={(e) => toggle(r, e.target.checked)}
          />
          <div>
            <label htmlFor={`${idPrefix}-${r}`} className="font-mono text-sm">{r}</label>
            <p id={`${idPrefix}-${r}-hint`} className="text-xs text-fg-muted">{HINT[r]}</p>
          </div>
        </div>
      ))}
      {error && <p id={`${idPrefix}-error`} className="text-sm text-alarm">{error}</p>}
    </fieldset>
  );
}
