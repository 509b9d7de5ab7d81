import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ResidentIntakeInput } from "#app/domain/admissions/schemas";
import { REFERRAL_SOURCE_LABELS, REFERRAL_SOURCES } from "#app/domain/admissions/labels";
import type { FormConstraint } from "./constraint";
import { Button, Field, FormMessage, SelectField } from "./form";
import { TextareaField } from "./form-controls";
import { IntakeFactFields, MoudEntry, ScreeningLogList } from "./intake-fields";
import { PhoneLink } from "./contact-links";
import { usePostAction } from "./post-action";
import { useServerForm } from "./server-form";

/**
 * The staff-only intake section of a resident's record (house-scoped like staff notes):
 * the intake facts, the MOUD answer for the staff of their house, and the screening log.
 * The forms post to the record's own page (`intent` = intake | screening-note) and are
 * checked there only (ADR 029: `intake-forms.server.ts`); the loader sends their HTML
 * constraints (`constraints`), so the page ships no zod.
 */

export type ResidentIntakeView = {
  mayEdit: boolean;
  /** The forms' HTML constraints (`formConstraint` of the schemas in `intake-forms.server.ts`). */
  constraints: { intake: FormConstraint; log: FormConstraint };
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
      <ResidentLog key={logKey} log={intake.log} canAdd={intake.mayEdit} constraint={intake.constraints.log} lastResult={logResult} />
    </section>
  );
}

function IntakeForm({ intake, lastResult }: { intake: ResidentIntakeView; lastResult: SubmissionResult<string[]> | null }) {
  const { moud } = intake;
  const [form, fields] = useServerForm<Omit<ResidentIntakeInput, "residentId"> & { intent: string }>({
    id: "intake",
    lastResult,
    constraint: intake.constraints.intake,
    defaultValue: { ...intake.facts, ...(moud.access && moud.mayEdit ? { moud: moud.answer } : {}) },
  });
  return (
    <Form method="post" action={usePostAction()} {...form.props} className="mb-6 space-y-4">
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

function ResidentLog({
  log,
  canAdd,
  constraint,
  lastResult,
}: {
  log: ResidentIntakeView["log"];
  canAdd: boolean;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const action = usePostAction();
  return (
    <div>
      <h3 className="mb-2 font-medium">Screening log</h3>
      <ScreeningLogList log={log} empty="No screening notes." />
      {canAdd ? (
        <ScreeningNoteForm
          constraint={constraint}
          lastResult={lastResult}
          action={action}
          hint="Dated and kept; entries are never edited."
        />
      ) : null}
    </div>
  );
}

/**
 * The form that adds one note to a screening log (a resident's or an application's):
 * `intent` = screening-note, the note's `body`, and the page's own hidden ids. Checked in
 * the page's action only; `constraint` comes from its loader (ADR 029).
 */
export function ScreeningNoteForm({
  constraint,
  lastResult,
  hint,
  action,
  hidden = {},
}: {
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
  hint: string;
  action?: string;
  hidden?: Record<string, string>;
}) {
  const [form, fields] = useServerForm<{ body: string }>({ id: "screening-note", lastResult, constraint });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="screening-note" />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <TextareaField field={fields.body} label="Add to the screening log" hint={hint} rows={3} />
      <Button type="submit" variant="secondary">
        Add to the log
      </Button>
    </Form>
  );
}
