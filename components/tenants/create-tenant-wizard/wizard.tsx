"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, type FieldErrors, type FieldPath } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { StepAddons } from "@/components/tenants/create-tenant-wizard/step-addons";
import { StepIdentity } from "@/components/tenants/create-tenant-wizard/step-identity";
import { StepNetwork } from "@/components/tenants/create-tenant-wizard/step-network";
import { StepPools } from "@/components/tenants/create-tenant-wizard/step-pools";
import { StepQuota } from "@/components/tenants/create-tenant-wizard/step-quota";
import { StepReview } from "@/components/tenants/create-tenant-wizard/step-review";
import { StepVersion } from "@/components/tenants/create-tenant-wizard/step-version";
import { stepOf, stepsFor } from "@/components/tenants/create-tenant-wizard/steps";
import { WizardSteps } from "@/components/tenants/create-tenant-wizard/wizard-steps";
import { Button } from "@/components/ui/button";
import { Form, FormRootMessage } from "@/components/ui/form";
import type { CreateTenantInput, PlatformPolicySpec } from "@/lib/schemas/tenant";
import { createTenantSchemaFor } from "@/lib/tenants/schema-for-policy";
import { tenantYaml } from "@/lib/tenants/yaml";

type Taken = { name: string; spec: Pick<CreateTenantInput, "network"> }[];

/** The first field path with an error, in form order (errors nest like the values). */
function firstErrorPath(errors: FieldErrors, prefix = ""): string | undefined {
  for (const [k, v] of Object.entries(errors)) {
    if (!v) continue;
    // A list's own error ("workerPools.root") belongs to the list; the form's root error to no field.
    if (k === "root") { if (prefix) return prefix; continue; }
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof (v as { message?: unknown }).message === "string") return path;
    const inner = firstErrorPath(v as FieldErrors, path);
    if (inner) return inner;
  }
  return undefined;
}

export function CreateTenantWizard() {
  const t = useTranslations("tenants.wizard");
  const trpc = useTRPC();
  const policy = useQuery(trpc.tenants.policy.queryOptions());
  const taken = useQuery(trpc.tenants.takenNetworks.queryOptions());
  if (policy.isPending) return <p aria-busy="true">{t("loadingPolicy")}</p>;
  if (policy.isError) return <p role="alert" className="text-alarm">{t("policyError", { message: policy.error.message })}</p>;
  return <WizardForm policy={policy.data} taken={taken.data ?? []} />;
}

function WizardForm({ policy, taken }: { policy: PlatformPolicySpec; taken: Taken }) {
  const t = useTranslations("tenants.wizard");
  const trpc = useTRPC();
  const router = useRouter();
  const steps = stepsFor(policy);
  const [step, setStep] = useState(0);
  const [furthest, setFurthest] = useState(0);
  const [focusAfterMove, setFocusAfterMove] = useState<string>();
  // The same rules the server applies, compiled with the live policy and the networks already taken.
  const schema = useMemo(() => createTenantSchemaFor(policy, taken), [policy, taken]);
  const form = useForm<CreateTenantInput>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: "", displayName: "", owners: [], kubernetesVersion: policy.allowedVersions.at(-1)!,
      network: { mode: "overlay", cidr: "" },
      workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "quay.io/containerdisks/ubuntu:24.04" }],
      quota: {}, addons: [...(policy.mandatoryAddons ?? [])],
    },
  });
  const goTo = (i: number, focus?: string) => {
    setStep(i);
    setFurthest((f) => Math.max(f, i));
    setFocusAfterMove(focus);
  };
  const showErrors = (errors: FieldErrors) => {
    const path = firstErrorPath(errors);
    const at = path ? stepOf(steps, path) : -1;
    if (at >= 0) goTo(at, path);
  };
  useEffect(() => {
    if (!focusAfterMove) return;
    try { form.setFocus(focusAfterMove as FieldPath<CreateTenantInput>); } catch { /* a group without a focusable control */ }
    setFocusAfterMove(undefined);
  }, [focusAfterMove, form, step]);

  const create = useMutation(trpc.tenants.create.mutationOptions({
    onSuccess: ({ name }) => {
      toast.success(t("created", { name }));
      router.push(`/tenants/${name}`);
    },
    onError: (err) => { if (showMutationError(err, { form, title: t("createFailed") }) === "inline") showErrors(form.formState.errors); },
  }));
  const current = steps[step]!;
  /** Checks the fields of the current step with the schema the router uses; true when they pass. */
  const checkStep = () => (current.fields.length ? form.trigger([...current.fields] as FieldPath<CreateTenantInput>[], { shouldFocus: true }) : Promise.resolve(true));
  const move = async (to: number) => {
    if (to < step) { form.clearErrors(); goTo(to); return; }
    if (await checkStep()) goTo(to);
  };
  const values = form.watch();

  const body = {
    identity: <StepIdentity onlyVersion={policy.allowedVersions.length === 1 ? policy.allowedVersions[0] : undefined} />,
    version: <StepVersion versions={policy.allowedVersions} />,
    network: <StepNetwork policy={policy} taken={taken.map((t) => ({ name: t.name, cidr: t.spec.network.cidr }))} />,
    pools: <StepPools />,
    quota: <StepQuota policy={policy} />,
    addons: <StepAddons mandatory={policy.mandatoryAddons ?? []} />,
    review: <StepReview yaml={tenantYaml(values)} name={values.name} />,
  }[current.id];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <WizardSteps steps={steps} current={step} furthest={furthest} onSelect={(i) => void move(i)} />
      <Form {...form}>
        <form className="space-y-6 rounded-lg border border-border bg-surface-raised p-6" noValidate aria-labelledby="wizard-step-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (current.id !== "review") return void move(step + 1);
            void form.handleSubmit((v) => create.mutate(v), showErrors)(e);
          }}>
          <h2 id="wizard-step-title" className="text-lg font-semibold">{t(`steps.${current.id}`)}</h2>
          <FormRootMessage />
          {body}
          <div className="flex flex-wrap gap-2">
            {step > 0 && <Button type="button" variant="secondary" onClick={() => void move(step - 1)}>{t("back")}</Button>}
            <Button type="submit" disabled={create.isPending}>{current.id === "review" ? (create.isPending ? t("creating") : t("create")) : t("next")}</Button>
            <Button type="button" variant="ghost" className="ml-auto" onClick={() => router.push("/tenants")}>{t("cancel")}</Button>
          </div>
        </form>
      </Form>
    </div>
  );
}
