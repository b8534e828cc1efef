"use client";

import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { OwnersPicker } from "@/components/tenants/create-tenant-wizard/owners-picker";

export function StepIdentity({ onlyVersion }: { onlyVersion?: string }) {
  return (
    <div className="space-y-4">
      <WizardField name="name" label="Name" hint="Also the name of its namespace and network; it cannot be changed later." />
      <WizardField name="displayName" label="Display name" />
      <OwnersPicker />
      {onlyVersion && <p className="text-sm">Kubernetes <span className="font-mono">{onlyVersion}</span>: the only version the platform policy allows.</p>}
    </div>
  );
}
