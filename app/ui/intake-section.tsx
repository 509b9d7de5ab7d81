import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { z } from "zod";
import { ResidentIntakeInput } from "#app/domain/admissions/schemas";
import { REFERRAL_SOURCE_LABELS, REFERRAL_SOURCES } from "#app/domain/admissions/labels";
import { text } from "#app/lib/fields";
import { formConstraint } from "./constraint";
import { Button, Field, FormMessage, SelectField } from "./form";
import { TextareaField } from "./form-controls";
import { IntakeFactFields, MoudEntry, ScreeningLogList } from "./intake-fields";
import { parseForm } from "./parse-form";
import { PhoneLink } from "./contact-links";
import { usePostAction } from "./post-action";

/**
 * The staff-only intake section of a resident's record (house-scoped like staff notes):
 * the intake facts, the MOUD answer for the staff of their house, and the screening log.
 * The forms post to the record's own page (`intent` = intake | screening-note).
 */

/** The intake form as posted on the record's page (the resident comes from the URL). */
export const residentIntakeFormSchema = ResidentIntakeInput.omit({ residentId: true }).extend({ intent: z.literal("intake") });
export const residentLogFormSchema = z.strictObject({ intent: z.literal("screening-note"), body: text(4000) });

export type ResidentIntakeView = {
  mayEdit: boolean;
  facts: {
    referralSource: string;
    referralSourceLabel: string | null;
    referralDetail: string;
    needs: string;
    payer: string;
    payerLabel: string | null;
    sponsorName: string;
    sponsorPhone: string;
    probationContactName: string;
    probationContactPhone: string;
    fromApplication: boolean;
  };
  moud: { access: false } | { access: true; mayEdit: boolean; answer: string; answerLabel: string; recorded: string | null };
  log: { id: string; body: string; author: string | null; at: string }[];
};

const REFERRAL_OPTIONS = [{ value: "", label: "Not recorded" }, ...REFERRAL_SOURCES.map((value) => ({ value, label: REFERRAL_SOURCE_LABELS[value] }))];

export function IntakeSection({
  intake,
  intakeResult,
  logResult,
  intakeKey,
  logKey,
}: {
  intake: ResidentIntakeView;
  intakeResult: SubmissionResult<string[]> | null;
  logResult: SubmissionResult<string[]> | null;
  intakeKey: string;
  logKey: string;
}) {
  return (
    <section aria-labelledby="intake-heading" className="rounded-lg border border-amber-300 bg-white p-4">
      <h2 id="intake-heading" className="font-semibold">
        Intake (staff only)
      </h2>
      <p className="mb-3 text-sm text-muted">
        {intake.facts.fromApplication ? "Carried over from their application at admission. " : ""}Never shown to the resident.
      </p>
      {intake.mayEdit ? <IntakeForm key={intakeKey} intake={intake} lastResult={intakeResult} /> : <IntakeReadout intake={intake} />}
      <ResidentLog key={logKey} log={intake.log} canAdd={intake.mayEdit} lastResult={logResult} />
    </section>
  );
}

function IntakeForm({ intake, lastResult }: { intake: ResidentIntakeView; lastResult: SubmissionResult<string[]> | null }) {
  const { moud } = intake;
  const [form, fields] = useForm({
    id: "intake",
    lastResult,
    constraint: formConstraint(residentIntakeFormSchema),
    defaultValue: { ...intake.facts, ...(moud.access && moud.mayEdit ? { moud: moud.answer } : {}) },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, residentIntakeFormSchema),
  });
  return (
    <Form method="post" action={usePostAction()} {...getFormProps(form)} className="mb-6 space-y-4">
      <input type="hidden" name="intent" value="intake" />
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <SelectField field={fields.referralSource} label="Referral source" options={REFERRAL_OPTIONS} />
      <Field field={fields.referralDetail} label="Referral details (optional)" />
      <TextareaField field={fields.needs} label="Needs (optional)" rows={3} />
      <IntakeFactFields fields={fields} />
      <MoudEntry field={fields.moud} moud={moud} readout={<MoudLine moud={moud} />} />
      <Button type="submit" variant="secondary">
        Save intake details
      </Button>
    </Form>
  );
}

function MoudLine({ moud }: { moud: ResidentIntakeView["moud"] }) {
  if (!moud.access) {
    return <p className="text-sm text-muted">Only the staff of the house they live in can see the answer about medication for opioid use disorder.</p>;
  }
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="font-medium">Medication for opioid use disorder (MOUD)</dt>
      <dd>{moud.answerLabel}</dd>
    </dl>
  );
}

function IntakeReadout({ intake }: { intake: ResidentIntakeView }) {
  const f = intake.facts;
  const contact = (name: string, phone: string) =>
    name || phone ? (
      <>
        {name || "Name not recorded"}
        {phone ? (
          <>
            {" · "}
            <PhoneLink phone={phone} />
          </>
        ) : null}
      </>
    ) : (
      "—"
    );
  return (
    <div className="mb-6 space-y-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Referral</dt>
        <dd>
          {f.referralSourceLabel ?? "—"}
          {f.referralDetail ? ` — ${f.referralDetail}` : ""}
        </dd>
        <dt className="font-medium">Needs</dt>
        <dd className="whitespace-pre-line">{f.needs || "—"}</dd>
        <dt className="font-medium">Who pays</dt>
        <dd>{f.payerLabel ?? "Not known yet"}</dd>
        <dt className="font-medium">Sponsor or recovery coach</dt>
        <dd>{contact(f.sponsorName, f.sponsorPhone)}</dd>
        <dt className="font-medium">Probation or court contact</dt>
        <dd>{contact(f.probationContactName, f.probationContactPhone)}</dd>
      </dl>
      <MoudLine moud={intake.moud} />
    </div>
  );
}

function ResidentLog({ log, canAdd, lastResult }: { log: ResidentIntakeView["log"]; canAdd: boolean; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "screening-note",
    lastResult,
    constraint: formConstraint(residentLogFormSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, residentLogFormSchema),
  });
  const action = usePostAction();
  return (
    <div>
      <h3 className="mb-2 font-medium">Screening log</h3>
      <ScreeningLogList log={log} empty="No screening notes." />
      {canAdd ? (
        <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
          <input type="hidden" name="intent" value="screening-note" />
          <FormMessage>{form.errors?.join(" ")}</FormMessage>
          <TextareaField field={fields.body} label="Add to the screening log" hint="Dated and kept; entries are never edited." rows={3} />
          <Button type="submit" variant="secondary">
            Add to the log
          </Button>
        </Form>
      ) : null}
    </div>
  );
}
