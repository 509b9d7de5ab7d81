import { getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SERVICE_CATEGORIES, SERVICE_LANGUAGE_LABELS, SERVICE_LANGUAGES, SERVICE_WEEKDAYS } from "#app/domain/services/labels";
import type { ServiceEntry } from "#app/domain/services/entries";
import { CheckboxGroup, FormErrors } from "./choices";
import type { FormConstraint } from "./constraint";
import { Button, ErrorList, Field, controlClass } from "./form";
import { useServerForm } from "./server-form";

export type ServiceFormDefaults = Record<string, string | string[]>;

/** The form's values for an entry (its first location, phone and contact; its weekly hours). */
export function serviceDefaults(e: ServiceEntry | null): ServiceFormDefaults {
  const l = e?.locations[0];
  const hours = Object.fromEntries(
    SERVICE_WEEKDAYS.flatMap((d) => {
      const h = e?.schedules.find((s) => s.weekday === d.day);
      return [
        [`${d.key}Opens`, h?.opensAt ?? ""],
        [`${d.key}Closes`, h?.closesAt ?? ""],
      ];
    }),
  );
  return {
    name: e?.name ?? "",
    organizationName: e?.organization.name ?? "",
    description: e?.description ?? "",
    categories: e?.categories ?? [],
    languages: e?.languages ?? [],
    url: e?.url ?? "",
    email: e?.email ?? "",
    phone: e?.phones[0]?.number ?? "",
    contactName: e?.contacts[0]?.name ?? "",
    address1: l?.address1 ?? "",
    city: l?.city ?? "",
    state: l?.state ?? "",
    postalCode: l?.postalCode ?? "",
    accessibility: l?.accessibility ?? "",
    eligibility: e?.eligibility ?? "",
    fees: e?.fees ?? "",
    applicationProcess: e?.applicationProcess ?? "",
    ...hours,
  };
}

function TextArea({ field, label, hint }: { field: FieldMetadata<string | null | undefined>; label: string; hint?: string }) {
  const { key, ...props } = getTextareaProps(field);
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block font-medium">
        {label}
      </label>
      {hint ? <p className="mb-1 text-sm text-muted">{hint}</p> : null}
      <textarea key={key} {...props} rows={3} className={controlClass} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** The add/edit form for a directory entry; checked in the action only (ADR 029), `constraint` from the loader. */
export function ServiceForm({
  defaults,
  constraint,
  lastResult,
  submitLabel,
  children,
}: {
  defaults: ServiceFormDefaults;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
  submitLabel: string;
  children?: ReactNode;
}) {
  const [form, fields] = useServerForm<Record<string, unknown>>({ id: "service", lastResult, constraint, defaultValue: defaults });
  const f = fields as unknown as Record<string, FieldMetadata<string | null | undefined>>;
  const lists = fields as unknown as Record<"categories" | "languages", FieldMetadata<string[] | null | undefined>>;
  return (
    <Form method="post" {...form.props} className="space-y-5">
      <input type="hidden" name="intent" value="save-service" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={f.name!} label="Service name" inputProps={{ autoComplete: "off" }} />
      <Field field={f.organizationName!} label="Provider (organisation)" inputProps={{ autoComplete: "organization" }} />
      <TextArea field={f.description!} label="What it offers (optional)" />
      <CheckboxGroup field={lists.categories} legend="Categories" options={SERVICE_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))} />
      <CheckboxGroup field={lists.languages} legend="Languages spoken (optional)" options={SERVICE_LANGUAGES.map((l) => ({ value: l, label: SERVICE_LANGUAGE_LABELS[l] }))} />
      <fieldset className="space-y-4">
        <legend className="mb-1 font-medium">How to reach it</legend>
        <Field field={f.phone!} label="Phone (optional)" type="tel" inputProps={{ autoComplete: "off" }} />
        <Field field={f.url!} label="Website (optional)" type="url" inputProps={{ autoComplete: "off" }} />
        <Field field={f.email!} label="Email (optional)" type="email" inputProps={{ autoComplete: "off" }} />
        <Field field={f.contactName!} label="Contact person (optional)" inputProps={{ autoComplete: "off" }} />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="mb-1 font-medium">Where it is (optional)</legend>
        <Field field={f.address1!} label="Street address" inputProps={{ autoComplete: "off" }} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field field={f.city!} label="City" inputProps={{ autoComplete: "off" }} />
          <Field field={f.state!} label="State" inputProps={{ autoComplete: "off" }} />
          <Field field={f.postalCode!} label="ZIP code" inputProps={{ autoComplete: "off" }} />
        </div>
        <TextArea field={f.accessibility!} label="Accessibility" hint="Step-free entrance, elevator, interpreter on request…" />
      </fieldset>
      <TextArea field={f.eligibility!} label="Who can use it (optional)" />
      <TextArea field={f.fees!} label="Cost (optional)" />
      <TextArea field={f.applicationProcess!} label="How to start (optional)" />
      <fieldset>
        <legend className="mb-1 font-medium">Opening hours (optional)</legend>
        <p className="mb-2 text-sm text-muted">Local time. Leave a day empty when it is closed.</p>
        <div className="space-y-3">
          {SERVICE_WEEKDAYS.map((d) => (
            <div key={d.key} className="grid grid-cols-2 gap-3">
              <Field field={f[`${d.key}Opens`]!} label={`${d.label} opens`} type="time" />
              <Field field={f[`${d.key}Closes`]!} label={`${d.label} closes`} type="time" />
            </div>
          ))}
        </div>
      </fieldset>
      <Button type="submit">{submitLabel}</Button>
      {children}
    </Form>
  );
}
