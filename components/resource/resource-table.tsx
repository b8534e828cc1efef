"use client";

import "@/components/resource/column-meta";
import { flexRender, getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type ColumnDef, type Row, type RowSelectionState, type SortingState, type VisibilityState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslations } from "next-intl";
import { memo, useCallback, useId, useMemo, useRef, useState } from "react";
import { ResourceTableToolbar, type SearchOptions } from "@/components/resource/resource-table-toolbar";
import { selectionColumn } from "@/components/resource/selection-column";
import { useRowKeyboard } from "@/components/resource/use-row-keyboard";
import { cn } from "@/lib/utils";

export interface ResourceTableProps<T> {
  /** The table's accessible name (its caption), e.g. "Tenants". */
  label: string;
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of mixed value types, as TanStack itself types them
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  /** Enter on a focused row (and the row's own link) opens it. */
  onOpen?: (row: T) => void;
  /** Buttons or a menu at the end of each row. */
  rowActions?: (row: T) => React.ReactNode;
  /** Shown when rows are selected; enables the selection column. `clear` empties the selection. */
  bulkActions?: (rows: T[], clear: () => void) => React.ReactNode;
  search?: SearchOptions;
  /** The text the search box looks in (default: every cell's value). */
  searchText?: (row: T) => string;
  /** "tenants": shows "n of m tenants" next to the filters. */
  noun?: string;
  toolbar?: React.ReactNode;
  /** Render only the rows in view (fixed row height in px); for lists that may hold thousands. */
  virtualRowHeight?: number;
  initialSorting?: SortingState;
  initialHidden?: VisibilityState;
  /** Facet filters to start with, e.g. from the page's URL: `[{ id: "phase", value: "Degraded" }]`. */
  initialColumnFilters?: { id: string; value: unknown }[];
  empty?: React.ReactNode;
  className?: string;
}

const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join(" ") : v == null ? "" : String(v));

/**
 * The one table of the console: sortable headers (aria-sort), toolbar filters, column visibility, row and bulk
 * actions, roving keyboard focus over rows, and windowed rendering for long lists. It stays a native <table>:
 * with windowing it carries aria-rowcount and each row its aria-rowindex, so assistive technology knows the
 * full size of the list.
 */
export function ResourceTable<T>(props: ResourceTableProps<T>) {
  const { label, data, getRowId, searchText, onOpen, rowActions, bulkActions, search, noun, toolbar, virtualRowHeight, empty, className } = props;
  const t = useTranslations("table");
  const id = useId().replace(/:/g, "");
  const [sorting, setSorting] = useState<SortingState>(props.initialSorting ?? []);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(props.initialHidden ?? {});
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [globalFilter, setGlobalFilter] = useState("");
  const [columnFilters, setColumnFilters] = useState<{ id: string; value: unknown }[]>(props.initialColumnFilters ?? []);
  // Callbacks by ref: a new function from the parent each render must not rebuild 10,000 rows.
  const latest = useRef({ getRowId, rowActions });
  latest.current = { getRowId, rowActions };
  const hasActions = !!rowActions;
  const columns = useMemo(() => {
    // A facet filters by exact value ("Ready" must not match "NotReady").
    const own = props.columns.map((c) => (c.meta?.facet && !c.filterFn ? { ...c, filterFn: "equalsString" as const } : c));
    const cols = bulkActions ? [selectionColumn<T>((r) => latest.current.getRowId(r), { selection: t("selection"), selectAll: t("selectAll"), select: (name) => t("selectRow", { name }) }), ...own] : own;
    if (hasActions) cols.push({ id: "actions", header: t("actions"), enableSorting: false, enableHiding: false, enableGlobalFilter: false, cell: ({ row }) => latest.current.rowActions?.(row.original) });
    return cols;
  }, [props.columns, !!bulkActions, hasActions, t]);
  const table = useReactTable({
    data, columns, getRowId: (r) => latest.current.getRowId(r),
    state: { sorting, columnVisibility, rowSelection, globalFilter, columnFilters },
    onSortingChange: setSorting, onColumnVisibilityChange: setColumnVisibility, onRowSelectionChange: setRowSelection,
    onGlobalFilterChange: setGlobalFilter, onColumnFiltersChange: setColumnFilters,
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getFilteredRowModel: getFilteredRowModel(),
    globalFilterFn: (row, _col, needle: string) => {
      const n = needle.trim().toLowerCase();
      if (!n) return true;
      if (searchText) return searchText(row.original).toLowerCase().includes(n);
      return row.getAllCells().some((c) => c.column.getCanGlobalFilter() && text(c.getValue()).toLowerCase().includes(n));
    },
    getColumnCanGlobalFilter: () => true,
    enableRowSelection: !!bulkActions,
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  // Windowed, the rows in view are the body's own state (WindowedBody): scrolling re-renders the body, not the
  // toolbar, the header or this component.
  const windowed = useRef<{ scrollToIndex: (i: number) => void } | null>(null);
  const scrollTo = useCallback((i: number) => windowed.current?.scrollToIndex(i), []);
  const open = useCallback((i: number) => { const r = rows[i]; if (r && onOpen) onOpen(r.original); }, [rows, onOpen]);
  const keys = useRowKeyboard({ count: rows.length, scrollTo, onOpen: onOpen ? open : undefined, container: scroller });
  // One handler for every row, whatever the keyboard hook's current closure: rows stay memoized while scrolling.
  const keyHandler = useRef(keys.onKeyDown);
  keyHandler.current = keys.onKeyDown;
  const onRowKeyDown = useCallback((e: React.KeyboardEvent<HTMLTableRowElement>, i: number) => keyHandler.current(e, i), []);
  const visibleColumns = table.getVisibleLeafColumns();
  const colCount = visibleColumns.length;
  // Windowed: every row is its own grid over the same tracks, so a row coming into view lays out alone.
  const widths = visibleColumns.map((c) => c.columnDef.meta?.width ?? (c.id === "select" ? { min: 3, grow: 0 } : { min: 8, grow: 1 }));
  const grid = virtualRowHeight ? {
    gridTemplateColumns: widths.map((w) => (w.grow === 0 ? `${w.min}rem` : `minmax(${w.min}rem, ${w.grow ?? 1}fr)`)).join(" "),
    minWidth: `${widths.reduce((n, w) => n + w.min, 0)}rem`,
  } : undefined;
  const selected = table.getSelectedRowModel().rows.map((r) => r.original);

  return (
    <div data-slot="resource-table" className={cn("space-y-3", className)}>
      {(search || noun || toolbar || table.getAllLeafColumns().some((c) => c.getCanHide() || c.columnDef.meta?.facet)) && (
        <ResourceTableToolbar table={table} id={id} search={search} noun={noun} total={data.length}>{toolbar}</ResourceTableToolbar>
      )}
      {bulkActions && selected.length > 0 && (
        <div role="region" aria-label={t("bulkActions")} className="flex flex-wrap items-center gap-2 rounded-md border border-accent/40 bg-accent/5 px-3 py-2 text-sm">
          <span>{t("selected", { count: selected.length })}</span>
          {bulkActions(selected, () => setRowSelection({}))}
        </div>
      )}
      {data.length === 0 && empty ? empty : (
        <div ref={scroller} data-slot="resource-table-scroller" className={cn("overflow-auto rounded-lg border border-border bg-surface-raised", virtualRowHeight && "max-h-[70vh]")}>
          {/* Windowed, the table is drawn as grids (rows placed by transform, each contained), which drops the
              native table semantics in some browsers: explicit roles keep them for assistive technology. */}
          <table className={cn("w-full text-left text-sm", grid && "grid")} style={grid ? { minWidth: grid.minWidth } : undefined}
            role={grid ? "table" : undefined} aria-rowcount={grid ? rows.length + 1 : undefined}>
            <caption className="sr-only">{label}</caption>
            <thead className={cn("sticky top-0 z-10 bg-surface-raised text-fg-muted", grid && "grid")} role={grid ? "rowgroup" : undefined}>
              {table.getHeaderGroups().map((g) => (
                <tr key={g.id} aria-rowindex={grid ? 1 : undefined} role={grid ? "row" : undefined} className={cn(grid && "grid items-center")} style={grid ? { gridTemplateColumns: grid.gridTemplateColumns } : undefined}>
                  {g.headers.map((h) => {
                    const sort = h.column.getIsSorted();
                    return (
                      <th key={h.id} scope="col" role={grid ? "columnheader" : undefined} className={cn("px-4 py-2 font-medium", grid && "truncate")}
                        aria-sort={sort === "asc" ? "ascending" : sort === "desc" ? "descending" : h.column.getCanSort() ? "none" : undefined}>
                        {h.isPlaceholder ? null : h.column.getCanSort() ? (
                          <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={h.column.getToggleSortingHandler()}>
                            {flexRender(h.column.columnDef.header, h.getContext())}
                            <span aria-hidden>{sort === "asc" ? "▲" : sort === "desc" ? "▼" : "↕"}</span>
                          </button>
                        ) : flexRender(h.column.columnDef.header, h.getContext())}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            {grid && virtualRowHeight ? (
              <WindowedBody rows={rows} scroller={scroller} handle={windowed} rowHeight={virtualRowHeight} tracks={grid.gridTemplateColumns} active={keys.active}
                columns={columns} columnVisibility={columnVisibility} onFocusRow={keys.setActive} onKeyDownRow={onRowKeyDown} noMatch={t("noMatch")} colCount={colCount} />
            ) : (
              <tbody>
                {rows.map((row, index) => (
                  <TableRow key={row.id} row={row} index={index} focusable={index === keys.active} selected={row.getIsSelected()}
                    columns={columns} columnVisibility={columnVisibility} start={0} onFocusRow={keys.setActive} onKeyDownRow={onRowKeyDown} />
                ))}
                {rows.length === 0 && <tr><td colSpan={colCount} className="block px-4 py-6 text-center text-fg-muted">{t("noMatch")}</td></tr>}
              </tbody>
            )}
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The body of a windowed table: it alone holds the virtualizer, so a scroll re-renders the rows in view (each
 * memoized) and nothing above it. `handle` lets the table scroll a row into view for the keyboard.
 */
function WindowedBody<T>({ rows, scroller, handle, rowHeight, tracks, active, columns, columnVisibility, onFocusRow, onKeyDownRow, noMatch, colCount }: {
  rows: Row<T>[];
  scroller: React.RefObject<HTMLDivElement | null>;
  handle: React.RefObject<{ scrollToIndex: (i: number) => void } | null>;
  rowHeight: number;
  tracks: string;
  active: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as ResourceTableProps.columns
  columns: ColumnDef<T, any>[];
  columnVisibility: VisibilityState;
  onFocusRow: (index: number) => void;
  onKeyDownRow: (e: React.KeyboardEvent<HTMLTableRowElement>, index: number) => void;
  noMatch: string;
  colCount: number;
}) {
  const virtualizer = useVirtualizer({
    count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12,
    initialRect: { width: 1000, height: 800 },
  });
  handle.current = { scrollToIndex: (i) => virtualizer.scrollToIndex(i, { align: "auto" }) };
  return (
    <tbody role="rowgroup" className="relative block" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((v) => {
        const row = rows[v.index]!;
        return (
          <TableRow key={row.id} row={row} index={v.index} focusable={v.index === active} selected={row.getIsSelected()}
            columns={columns} columnVisibility={columnVisibility} height={rowHeight} start={v.start} tracks={tracks}
            onFocusRow={onFocusRow} onKeyDownRow={onKeyDownRow} />
        );
      })}
      {rows.length === 0 && <tr role="row" className="absolute inset-x-0 top-0 block"><td colSpan={colCount} role="cell" className="block px-4 py-6 text-center text-fg-muted">{noMatch}</td></tr>}
    </tbody>
  );
}

interface TableRowProps<T> {
  row: Row<T>;
  index: number;
  focusable: boolean;
  /** Props that change what the row shows although `row` stays the same object: they end the memo. */
  selected: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as ResourceTableProps.columns
  columns: ColumnDef<T, any>[];
  columnVisibility: VisibilityState;
  /** Windowed: the row's fixed height, its offset from the top of the body, and the column tracks. */
  height?: number;
  start: number;
  tracks?: string;
  onFocusRow: (index: number) => void;
  onKeyDownRow: (e: React.KeyboardEvent<HTMLTableRowElement>, index: number) => void;
}

/**
 * One row, drawn again only when its data, selection, focusability, place or columns change: scrolling a long
 * list then mounts the rows coming into view and leaves the others alone. Windowed, a row is a grid of its own,
 * placed by a transform and contained (its layout and paint never reach the rest of the table).
 */
const TableRow = memo(function TableRow<T>({ row, index, focusable, height, start, tracks, onFocusRow, onKeyDownRow }: TableRowProps<T>) {
  const grid = !!tracks;
  return (
    <tr data-row-index={index} aria-rowindex={grid ? index + 2 : undefined} role={grid ? "row" : undefined}
      tabIndex={focusable ? 0 : -1} onFocus={() => onFocusRow(index)} onKeyDown={(e) => onKeyDownRow(e, index)}
      className={cn("border-t border-border align-top outline-none focus-visible:bg-surface-sunken focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-accent",
        grid && "absolute inset-x-0 top-0 grid [contain:strict]")}
      style={grid ? { height, transform: `translateY(${start}px)`, gridTemplateColumns: tracks } : undefined}>
      {row.getVisibleCells().map((c) => {
        const Cell = c.column.columnDef.meta?.rowHeader ? "th" : "td";
        return (
          <Cell key={c.id} scope={Cell === "th" ? "row" : undefined} role={grid ? (Cell === "th" ? "rowheader" : "cell") : undefined}
            className={cn("px-4 py-2 font-normal", Cell === "th" && "font-medium", grid && "overflow-hidden", c.column.columnDef.meta?.className)}>
            {flexRender(c.column.columnDef.cell, c.getContext())}
          </Cell>
        );
      })}
    </tr>
  );
}) as <T>(props: TableRowProps<T>) => React.ReactElement;
