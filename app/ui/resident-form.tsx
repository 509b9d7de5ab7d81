import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ResidentDetails } from "#app/domain/residents/schemas";
import type { FormConstraint } from "./constraint";
import { Button, Field, FormMessage } from "./form";
import { useServerForm } from "./server-form";

/**
 * The staff form for a resident's profile (new and edit), and the resident's own contact
 * form (portal). Checked in the action only (ADR 029): the schemas are in
 * `resident-form.server.ts`, and the loader sends their `constraint`.
 */

export type ResidentFormDefaults = {
  legalName: string;
  preferredName: string;
  pronouns: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  emergencyContactName: string;
  emergencyContactPhone: string;
  emergencyContactRelationship: string;
  recoveryStartDate: string;
};

export type ContactFormDefaults = Pick<
  ResidentFormDefaults,
  "phone" | "email" | "emergencyContactName" | "emergencyContactPhone" | "emergencyContactRelationship"
>;

/** Form defaults from a profile (nulls become empty inputs). */
export function residentDefaults(p?: ResidentDetails): ResidentFormDefaults {
  return {
    legalName: p?.legalName ?? "",
    preferredName: p?.preferredName ?? "",
    pronouns: p?.pronouns ?? "",
    dateOfBirth: p?.dateOfBirth ?? "",
    phone: p?.phone ?? "",
    email: p?.email ?? "",
    emergencyContactName: p?.emergencyContact.name ?? "",
    emergencyContactPhone: p?.emergencyContact.phone ?? "",
    emergencyContactRelationship: p?.emergencyContact.relationship ?? "",
    recoveryStartDate: p?.recoveryStartDate ?? "",
  };
}

function EmergencyContactFields({
  fields,
}: {
  fields: {
    emergencyContactName: Parameters<typeof Field>[0]["field"];
    emergencyContactPhone: Parameters<typeof Field>[0]["field"];
    emergencyContactRelationship: Parameters<typeof Field>[0]["field"];
  };
}) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-1 font-medium">Emergency contact</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field field={fields.emergencyContactName} label="Contact name" inputProps={{ autoComplete: "off" }} />
        <Field field={fields.emergencyContactPhone} label="Contact phone" type="tel" inputProps={{ autoComplete: "off" }} />
      </div>
      <Field field={fields.emergencyContactRelationship} label="Relationship" hint="For example: mother, friend, sponsor." inputProps={{ autoComplete: "off" }} />
    </fieldset>
  );
}

export function ResidentForm({
  defaults,
  constraint,
  lastResult,
  submitLabel,
  children,
}: {
  defaults: ResidentFormDefaults;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
  submitLabel: string;
  children?: ReactNode;
}) {
  const [form, fields] = useServerForm<ResidentFormDefaults>({ id: "resident", lastResult, constraint, defaultValue: defaults });
  return (
    <Form method="post" {...form.props} className="space-y-5">
      <input type="hidden" name="intent" value="save-resident" />
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field field={fields.legalName} label="Legal name" inputProps={{ autoComplete: "off" }} />
        <Field field={fields.preferredName} label="Preferred name (optional)" hint="What they like to be called. Hearth uses it everywhere." inputProps={{ autoComplete: "off" }} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field field={fields.pronouns} label="Pronouns (optional)" hint="For example: she/her, he/him, they/them." inputProps={{ autoComplete: "off" }} />
        <Field field={fields.dateOfBirth} label="Date of birth (optional)" type="date" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field field={fields.phone} label="Phone (optional)" type="tel" inputProps={{ autoComplete: "off" }} />
        <Field field={fields.email} label="Email (optional)" type="email" hint="Needed to invite them to the resident portal." inputProps={{ autoComplete: "off" }} />
      </div>
      <EmergencyContactFields fields={fields} />
      <Field
        field={fields.recoveryStartDate}
        label="Recovery or sobriety date (optional)"
        type="date"
        hint="Only if they want it recorded: it is their choice."
      />
      {children}
      <Button type="submit">{submitLabel}</Button>
    </Form>
  );
}

/** The resident's own contact details (portal): phone, email and emergency contact only. */
export function ContactForm({
  defaults,
  constraint,
  lastResult,
  children,
}: {
  defaults: ContactFormDefaults;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
  children?: ReactNode;
}) {
  const [form, fields] = useServerForm<ContactFormDefaults>({ id: "contact", lastResult, constraint, defaultValue: defaults });
  return (
    <Form method="post" {...form.props} className="space-y-5">
      <input type="hidden" name="intent" value="save-contact" />
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <Field field={fields.phone} label="Phone" type="tel" inputProps={{ autoComplete: "tel" }} />
      <Field
        field={fields.email}
        label="Email"
        type="email"
        hint="How your house can reach you. It doesn't change the email you sign in with."
        inputProps={{ autoComplete: "email" }}
      />
      <EmergencyContactFields fields={fields} />
      {children}
      <Button type="submit" className="w-full sm:w-auto">
        Save my details
      </Button>
    </Form>
  );
}
