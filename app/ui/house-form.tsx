import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { NARR_LEVEL_LABELS, NARR_LEVELS, POPULATION_LABELS, POPULATIONS } from "#app/domain/houses/labels";
import { CheckboxGroup, FormErrors } from "./choices";
import type { FormConstraint } from "./constraint";
import { Button, Field, SelectField } from "./form";
import { useServerForm } from "./server-form";

export type HouseFormDefaults = {
  name: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  region: string;
  postalCode: string;
  populations: string[];
  narrLevel: string;
  timeZone: string;
  phone: string;
  bathroomCount: string;
};

/** The house form (new and edit), checked in the action only (ADR 029): `constraint` from the loader (`houseConstraint()`). */
export function HouseForm({
  defaults,
  lastResult,
  constraint,
  zones,
  submitLabel,
  children,
}: {
  defaults: HouseFormDefaults;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
  zones: { value: string; label: string }[];
  submitLabel: string;
  children?: ReactNode;
}) {
  const [form, fields] = useServerForm<HouseFormDefaults>({ id: "house", lastResult, constraint, defaultValue: defaults });
  return (
    <Form method="post" {...form.props} className="space-y-5">
      <input type="hidden" name="intent" value="save-house" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.name} label="House name" inputProps={{ autoComplete: "off" }} />
      <fieldset className="space-y-4">
        <legend className="mb-1 font-medium">Address</legend>
        <Field field={fields.addressLine1} label="Street address" inputProps={{ autoComplete: "address-line1" }} />
        <Field field={fields.addressLine2} label="Address line 2 (optional)" inputProps={{ autoComplete: "address-line2" }} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field field={fields.city} label="City" inputProps={{ autoComplete: "address-level2" }} />
          <Field field={fields.region} label="State or province" inputProps={{ autoComplete: "address-level1" }} />
          <Field field={fields.postalCode} label="ZIP or postal code" inputProps={{ autoComplete: "postal-code" }} />
        </div>
      </fieldset>
      <CheckboxGroup
        field={fields.populations}
        legend="Who the house serves"
        hint="Choose all that apply. Applicants and referral partners see these."
        options={POPULATIONS.map((p) => ({ value: p, label: POPULATION_LABELS[p] }))}
      />
      <SelectField
        field={fields.narrLevel}
        label="NARR support level"
        hint="The level of support the house offers, as defined by the National Alliance for Recovery Residences."
        options={NARR_LEVELS.map((l) => ({ value: String(l), label: NARR_LEVEL_LABELS[l] }))}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField field={fields.timeZone} label="Time zone" hint="Move-in and move-out days follow this zone." options={zones} />
        <Field field={fields.phone} label="House phone (optional)" type="tel" inputProps={{ autoComplete: "off" }} />
        <Field field={fields.bathroomCount} label="Bathrooms (optional)" hint="Full bathrooms: sink, toilet and shower." type="number" inputProps={{ min: 0, max: 50, inputMode: "numeric" }} />
      </div>
      {children}
      <Button type="submit">{submitLabel}</Button>
    </Form>
  );
}
