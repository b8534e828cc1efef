"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useWall } from "@/components/noc/use-wall";
import { WallTile, type TileSlots } from "@/components/noc/wall-tile";
import { dataAgeMs, isStale, nextPage, pageCount, pageItems, tilesPerPage } from "@/lib/noc/wall";
import { cn } from "@/lib/utils";

const TILE = { width: 340, height: 330, gap: 16 };
const PAGE_MS = 12_000;

/** A clock for what the wall shows about time (its data's age, the page turn); it fetches nothing. */
function useSecondTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** How many tiles the tile area holds, following its size. */
function usePerPage() {
  const ref = useRef<HTMLDivElement>(null);
  const [perPage, setPerPage] = useState(12);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setPerPage(tilesPerPage({ width: el.clientWidth, height: el.clientHeight }, TILE));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, perPage };
}

function Total({ value, label, tone }: { value: number; label: string; tone?: "warn" | "alarm" }) {
  const format = useFormatter();
  return (
    <div className="flex flex-col">
      <span className={cn("text-5xl font-bold tabular-nums", value > 0 && tone === "alarm" ? "text-alarm" : value > 0 && tone === "warn" ? "text-warn" : "text-fg")}>{format.number(value)}</span>
      <span className="text-lg text-fg-muted">{label}</span>
    </div>
  );
}

/**
 * The NOC wall: full screen, dark, large type; a tile per tenant, worst first, turning pages when they do not
 * fit; fleet totals on top; a plain "data is N s old" when the stream stalls. `mode` says whether a user or a
 * display link opened it, which decides what a refusal means.
 */
export function NocWall({ mode, slots = {} }: { mode: "user" | "display"; slots?: Record<string, TileSlots> }) {
  const t = useTranslations("noc");
  const { wall, last, openedAt, refused } = useWall();
  const now = useSecondTick();
  const { ref, perPage } = usePerPage();
  const [page, setPage] = useState(0);
  const tiles = wall.data?.tiles ?? [];
  const pages = pageCount(tiles.length, perPage);
  useEffect(() => {
    if (pages <= 1) return;
    const timer = setInterval(() => setPage((p) => nextPage(p, pages)), PAGE_MS);
    return () => clearInterval(timer);
  }, [pages]);
  useEffect(() => {
    if (refused && mode === "user") window.location.assign(`/login?callbackUrl=${encodeURIComponent("/noc")}`);
  }, [refused, mode]);

  const age = dataAgeMs(last, now, openedAt);
  const stale = wall.data !== undefined && isStale(last, age);
  const c = wall.data?.counts;

  if (refused) {
    return (
      <main className="dark flex min-h-screen items-center justify-center bg-surface p-10 text-fg">
        <p role="alert" className="max-w-3xl text-center text-4xl font-bold text-alarm">{mode === "display" ? t("revoked") : t("signedOut")}</p>
      </main>
    );
  }
  return (
    <main className="dark flex h-screen flex-col gap-4 overflow-hidden bg-surface p-6 text-fg">
      <header className="flex flex-wrap items-end gap-10">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        {c && (
          <div className="flex flex-wrap gap-10" aria-label={t("totals")} role="group">
            <Total value={c.tenants} label={t("tenants")} />
            <Total value={c.byPhase.Ready ?? 0} label={t("ready")} />
            <Total value={(c.byPhase.Degraded ?? 0) + (c.byPhase.Refused ?? 0)} label={t("failing")} tone="alarm" />
            <Total value={c.controlPlanesNotReady} label={t("controlPlanesNotReady")} tone="alarm" />
            <Total value={c.workersNotReady} label={t("workersNotReady")} tone="warn" />
            <Total value={wall.data!.violationEdges} label={t("violations")} tone="alarm" />
          </div>
        )}
        <div className="ml-auto text-right text-lg">
          {pages > 1 && <p>{t("page", { page: Math.min(page, pages - 1) + 1, pages })}</p>}
          <p role="status" aria-live="polite" className={cn("font-bold", stale ? "text-3xl text-warn" : "text-fg-muted")} data-testid="wall-freshness">
            {stale ? t("stale", { seconds: Math.floor(age / 1000) }) : wall.data ? t("live") : t("connecting")}
          </p>
        </div>
      </header>
      <div ref={ref} className="min-h-0 flex-1">
        {wall.isPending ? (
          <p className="text-2xl text-fg-muted" aria-busy="true">{t("loading")}</p>
        ) : wall.isError && !wall.data ? (
          <p role="alert" className="text-2xl text-alarm">{t("loadError", { message: wall.error.message })}</p>
        ) : tiles.length === 0 ? (
          <p className="text-2xl text-fg-muted">{t("empty")}</p>
        ) : (
          <ul aria-label={t("tiles")} className="grid gap-4" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${TILE.width}px, 1fr))`, gridAutoRows: `${TILE.height}px` }}>
            {pageItems(tiles, page, perPage).map((tile) => <WallTile key={tile.name} tile={tile} slots={slots[tile.name]} />)}
          </ul>
        )}
      </div>
    </main>
  );
}
