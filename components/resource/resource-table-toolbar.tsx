"use client";

import type { Table } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";

export interface SearchOptions {
  label: string;
  placeholder?: string;
}

/** Search, one select per faceted column, column visibility and the "n of m" count, above a resource table. */
export function ResourceTableToolbar<T>({ table, id, search, noun, total, children }: {
  table: Table<T>; id: string; search?: SearchOptions; noun?: string; total: number; children?: React.ReactNode;
}) {
  const t = useTranslations("table");
  const facets = table.getAllLeafColumns().filter((c) => c.columnDef.meta?.facet);
  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const shown = table.getFilteredRowModel().rows.length;
  return (
    <div className="flex flex-wrap items-center gap-3" role={search ? "search" : undefined} aria-label={search?.label}>
      {search && (
        <>
          <label className="sr-only" htmlFor={`${id}-search`}>{search.label}</label>
          <Input id={`${id}-search`} className="w-64" placeholder={search.placeholder} value={(table.getState().globalFilter as string) ?? ""}
            onChange={(e) => table.setGlobalFilter(e.target.value)} />
        </>
      )}
      {facets.map((c) => {
        const facet = c.columnDef.meta!.facet!;
        return (
          <span key={c.id}>
            <label className="sr-only" htmlFor={`${id}-facet-${c.id}`}>{facet.label}</label>
            <NativeSelect id={`${id}-facet-${c.id}`} value={(c.getFilterValue() as string) ?? ""} onChange={(e) => c.setFilterValue(e.target.value || undefined)}>
              <option value="">{facet.allLabel}</option>
              {facet.options.map((o) => <option key={o} value={o}>{o}</option>)}
            </NativeSelect>
          </span>
        );
      })}
      {children}
      {hideable.length > 0 && (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="secondary" size="sm">{t("columns")}</Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuLabel>{t("showColumns")}</DropdownMenuLabel>
            {hideable.map((c) => (
              <DropdownMenuCheckboxItem key={c.id} checked={c.getIsVisible()} onCheckedChange={(v) => c.toggleVisibility(!!v)} onSelect={(e) => e.preventDefault()}>
                {typeof c.columnDef.header === "string" ? c.columnDef.header : c.id}
              </DropdownMenuCheckboxItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      )}
      {noun && <span className="text-sm text-fg-muted" aria-live="polite">{t("count", { shown, total, noun })}</span>}
    </div>
  );
}
