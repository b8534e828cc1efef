"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Windowing for long lists: only the rows in view (plus an overscan) are rendered, so thousands of rows
 * scroll smoothly and a live update re-renders a few dozen rows, not all of them.
 */
export function useWindow(count: number, rowHeight: number, overscan = 10) {
  const ref = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ start: 0, end: Math.min(count, 50) });
  const update = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const start = Math.max(0, Math.floor(el.scrollTop / rowHeight) - overscan);
    const end = Math.min(count, Math.ceil((el.scrollTop + el.clientHeight) / rowHeight) + overscan);
    setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
  }, [count, rowHeight, overscan]);
  useEffect(() => {
    update();
    const el = ref.current;
    el?.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      el?.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, [update]);
  return { ref, start: range.start, end: range.end, padTop: range.start * rowHeight, padBottom: (count - range.end) * rowHeight };
}
