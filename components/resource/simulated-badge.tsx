import { useTranslations } from "next-intl";
import { StatusPill } from "@/components/ui/status-pill";

/** Says plainly what the embedded mode does not run for real. */
export function SimulatedBadge({ what }: { what: string }) {
  const t = useTranslations("underCluster.simulated");
  return (
    <StatusPill tone="warn" title={t("title", { what })}>
      {t("label", { what })}
    </StatusPill>
  );
}
