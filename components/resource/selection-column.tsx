"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Checkbox } from "@/components/ui/checkbox";

/** The checkbox column for bulk actions; each box is named after its row. */
export function selectionColumn<T>(name: (row: T) => string, labels: { selection: string; selectAll: string; select: (row: string) => string }): ColumnDef<T> {
  return {
    id: "select",
    enableSorting: false,
    enableHiding: false,
    enableGlobalFilter: false,
    header: ({ table }) => (
      <>
        <span className="sr-only">{labels.selection}</span>
        <Checkbox aria-label={labels.selectAll} checked={table.getIsAllRowsSelected() ? true : table.getIsSomeRowsSelected() ? "indeterminate" : false}
        onCheckedChange={(v) => table.toggleAllRowsSelected(!!v)} />
      </>
    ),
    cell: ({ row }) => <Checkbox aria-label={labels.select(name(row.original))} checked={row.getIsSelected()} onCheckedChange={(v) => row.toggleSelected(!!v)} />,
  };
}
