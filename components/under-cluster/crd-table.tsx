import { StatusPill } from "@/components/ui/status-pill";

interface Crd {
  name: string;
  group: string;
  kind: string;
  scope: string;
  versions: { name: string; served: boolean; storage: boolean }[];
  established: boolean;
}

export function CrdTable({ crds, synced }: { crds: Crd[]; synced: boolean }) {
  if (!synced) return <p className="text-sm text-fg-muted">Loading the CRDs…</p>;
  if (crds.length === 0) return <p className="text-sm text-fg-muted">No CRDs are installed. Start the console with `npx kmetal up` to install them.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Custom resource definitions on the under cluster</caption>
        <thead className="text-fg-muted">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Kind</th>
            <th scope="col" className="py-2 pr-4 font-medium">Group</th>
            <th scope="col" className="py-2 pr-4 font-medium">Versions</th>
            <th scope="col" className="py-2 pr-4 font-medium">Scope</th>
            <th scope="col" className="py-2 font-medium">State</th>
          </tr>
        </thead>
        <tbody>
          {crds.map((c) => (
            <tr key={c.name} className="border-t border-border">
              <td className="py-2 pr-4 font-medium">{c.kind}</td>
              <td className="py-2 pr-4 font-mono text-xs">{c.group}</td>
              <td className="py-2 pr-4 font-mono text-xs">
                {c.versions.filter((v) => v.served).map((v) => (v.storage ? `${v.name}*` : v.name)).join(", ")}
              </td>
              <td className="py-2 pr-4">{c.scope}</td>
              <td className="py-2">
                <StatusPill tone={c.established ? "ok" : "warn"}>{c.established ? "Established" : "Pending"}</StatusPill>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
