"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Roving focus over a table's rows: one row is in the tab order; arrow keys, Home/End and PageUp/PageDown move
 * between rows (scrolling a virtualized list first), Enter opens the focused row. Keys pressed on a control
 * inside a row (a button, a checkbox) are left to that control.
 */
export function useRowKeyboard({ count, scrollTo, onOpen, container }: {
  count: number;
  scrollTo: (index: number) => void;
  onOpen?: (index: number) => void;
  container: React.RefObject<HTMLElement | null>;
}) {
  const [active, setActive] = useState(0);
  const wantFocus = useRef(false);
  const current = Math.min(active, Math.max(0, count - 1));

  useEffect(() => {
    if (!wantFocus.current) return;
    const row = container.current?.querySelector<HTMLElement>(`tr[data-row-index="${current}"]`);
    if (row) {
      wantFocus.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const onKeyDown = useCallback((e: React.KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((container.current?.clientHeight ?? 400) / 44) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1, PageDown: index + page, PageUp: index - page };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.max(0, Math.min(count - 1, moves[e.key]!));
      wantFocus.current = true;
      scrollTo(next);
      setActive(next);
    } else if (e.key === "Enter" && onOpen) {
      e.preventDefault();
      onOpen(index);
    }
  }, [count, scrollTo, onOpen, container]);

  return { active: current, setActive, onKeyDown };
}
