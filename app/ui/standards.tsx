import { Form, Link } from "@remix-run/react";
import type { FormActionData } from "#app/ui/forms.server";
import { FormErrors } from "#app/ui/choices";
import { Button, SelectField } from "#app/ui/form";
import { Card, EmptyState } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

/** Shared parts of the standards pages: readiness bars, the assessment list and the start form. */

export type Progress = { code: string; title: string; items: number; answered: number; met: number };

export function pct(n: number, of: number) {
  return of ? Math.round((n / of) * 100) : 0;
}

export function ProgressBar({ label, value, of }: { label: string; value: number; of: number }) {
  const p = pct(value, of);
  return (
    <div>
      <div className="flex justify-between gap-2 text-sm">
        <span>{label}</span>
        <span className="shrink-0 text-muted">{p}% ({value} of {of})</span>
      </div>
      <progress className="h-2 w-full accent-brand-700" max={of || 1} value={value} aria-label={`${label}: ${p}% met`}>{p}%</progress>
    </div>
  );
}

export type AssessmentRow = {
  id: string; href: string; houseName: string | null; standardLabel: string; levelLabel: string; statusLabel: string;
  items: number; answered: number; met: number; domains: Progress[];
};

export function AssessmentList({ rows }: { rows: AssessmentRow[] }) {
  if (!rows.length) return <EmptyState title="No self-assessments yet">Start one below: pick the standard and the level of support.</EmptyState>;
  return (
    <ul className="space-y-4">
      {rows.map((a) => (
        <li key={a.id}>
          <Card title={a.houseName ?? "Whole organisation"} headingLevel={3}>
            <p className="text-sm text-muted">
              {a.standardLabel} · {a.levelLabel} · {a.statusLabel} · {a.answered} of {a.items} answered
            </p>
            <div className="mt-3 space-y-2">
              <ProgressBar label="Ready" value={a.met} of={a.items} />
              {a.domains.map((d) => (
                <ProgressBar key={d.code} label={`${d.code}. ${d.title}`} value={d.met} of={d.items} />
              ))}
            </div>
            <p className="mt-3">
              <Link className="font-medium text-brand-700 underline underline-offset-2" to={a.href}>
                Open the self-assessment<span className="sr-only"> for {a.houseName ?? "the whole organisation"}</span>
              </Link>
            </p>
          </Card>
        </li>
      ))}
    </ul>
  );
}

type Option = { value: string; label: string };
export type StartFormData = {
  action: string;
  houses: Option[];
  standards: Option[];
  levels: Option[];
  defaults: { houseId?: string; standard?: string; level?: string };
  constraint: Parameters<typeof useServerForm>[0]["constraint"];
};

export function StartForm({ data, actionData }: { data: StartFormData; actionData?: FormActionData }) {
  const [form, fields] = useServerForm<{ houseId: string; standard: string; level: string }>({
    id: "start",
    lastResult: actionData?.formId === "start" ? actionData.result : null,
    constraint: data.constraint,
    defaultValue: data.defaults,
  });
  return (
    <Card title="Start a self-assessment">
      <Form method="post" action={data.action} {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="start" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.houseId} label="What is assessed" options={data.houses} />
        <SelectField field={fields.standard} label="Standard" options={data.standards} />
        <SelectField field={fields.level} label="Level of support" hint="Items that do not apply at this level are left out." options={data.levels} />
        <Button type="submit">Start</Button>
      </Form>
    </Card>
  );
}
