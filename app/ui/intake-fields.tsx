import type { ReactNode } from "react";
import type { FieldMetadata } from "@conform-to/react";
import { MOUD_ANSWERS, MOUD_LABELS, PAYER_LABELS, PAYERS } from "#app/domain/admissions/labels";
import { Field, SelectField } from "./form";
import { RadioGroupField } from "./form-controls";

type TextField = FieldMetadata<string | null | undefined>;

const PAYER_OPTIONS = [{ value: "", label: "Not known yet" }, ...PAYERS.map((value) => ({ value, label: PAYER_LABELS[value] }))];

/**
 * The intake facts shared by the application and the resident's record: who pays, a
 * sponsor or recovery-coach contact and a probation or court contact (all optional),
 * and — on the application — the recovery or sobriety date, which is the person's choice.
 */
export function IntakeFactFields({
  fields,
  withRecoveryDate = false,
}: {
  /** The application's forms ask for the recovery date here; the resident's record keeps it in the profile. */
  withRecoveryDate?: boolean;
  fields: {
    recoveryDate?: TextField;
    payer: TextField;
    sponsorName: TextField;
    sponsorPhone: TextField;
    probationContactName: TextField;
    probationContactPhone: TextField;
  };
}) {
  return (
    <>
      {withRecoveryDate && fields.recoveryDate ? (
        <Field
          field={fields.recoveryDate}
          label="Recovery or sobriety date (optional)"
          type="date"
          hint="Only if they want to share it. Many people count from a date; some don't."
        />
      ) : null}
      <SelectField field={fields.payer} label="Who pays (optional)" options={PAYER_OPTIONS} />
      <fieldset className="space-y-3">
        <legend className="font-medium">Sponsor or recovery coach (optional)</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field field={fields.sponsorName} label="Name" inputProps={{ autoComplete: "off" }} />
          <Field field={fields.sponsorPhone} label="Phone" type="tel" inputProps={{ autoComplete: "off" }} />
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="font-medium">Probation, parole or court contact (optional)</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field field={fields.probationContactName} label="Name" inputProps={{ autoComplete: "off" }} />
          <Field field={fields.probationContactPhone} label="Phone" type="tel" inputProps={{ autoComplete: "off" }} />
        </div>
      </fieldset>
    </>
  );
}

/**
 * Medication for opioid use disorder: the person's own answer, protected by 42 CFR Part 2.
 * Offered only to those who may record it; "Not asked yet" only until it is recorded.
 */
export function MoudField({ field, recorded }: { field: TextField; recorded: boolean }) {
  const options = [
    ...(recorded ? [] : [{ value: "", label: "Not asked yet" }]),
    ...MOUD_ANSWERS.map((value) => ({ value, label: MOUD_LABELS[value] })),
  ];
  return (
    <RadioGroupField
      field={field}
      legend="Medication for opioid use disorder (MOUD)"
      options={options}
      hint="Their answer, in their words: “prefer not to say” is a full answer. Only staff of their house see it, and every view is recorded."
    />
  );
}

/** The MOUD part of an intake form: the field for those who may record it (and when it was), else `readout`. */
export function MoudEntry({
  field,
  moud,
  readout,
}: {
  field: TextField;
  moud: { access: false } | { access: true; mayEdit: boolean; answer: string; recorded: string | null };
  readout: ReactNode;
}) {
  if (!moud.access || !moud.mayEdit) return <>{readout}</>;
  return (
    <>
      <MoudField field={field} recorded={moud.answer !== ""} />
      {moud.recorded ? <p className="text-sm text-muted">{moud.recorded}</p> : null}
    </>
  );
}

/** A screening log, newest first: when, who, and what was written (entries are never edited). */
export function ScreeningLogList({ log, empty }: { log: { id: string; body: string; author: string | null; at: string }[]; empty: string }) {
  if (!log.length) return <p className="mb-4 text-sm text-muted">{empty}</p>;
  return (
    <ul aria-label="Screening log" className="mb-4 space-y-3">
      {log.map((n) => (
        <li key={n.id} className="border-b border-line pb-2 text-sm last:border-0">
          <p className="text-muted">
            {n.at}
            {n.author ? ` · ${n.author}` : ""}
          </p>
          <p className="whitespace-pre-line">{n.body}</p>
        </li>
      ))}
    </ul>
  );
}
