import type { RowData } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // What the resource table reads from a column definition, beyond TanStack's own fields.
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Rendered as <th scope="row">: the cell that names the row for screen readers and tests. */
    rowHeader?: boolean;
    /** A select filter over these values in the toolbar (exact match). */
    facet?: { label: string; allLabel: string; options: readonly string[] };
    /** Extra classes for the cells of this column. */
    className?: string;
    /**
     * Its width in a windowed table, where every row lays out on its own and so cannot size columns by their
     * content: at least `min` rem, plus `grow` shares of the room left (default 8 rem, 1 share; 0 keeps it fixed).
     */
    width?: { min: number; grow?: number };
    /** Phantom use of the type parameters, which TanStack's declaration requires. */
    _types?: [TData, TValue];
  }
}

export {};
