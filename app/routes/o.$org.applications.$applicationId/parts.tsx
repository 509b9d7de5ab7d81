import type { SubmissionResult } from "@conform-to/react";
import type { FormConstraint } from "#app/ui/constraint";
import { Form } from "@remix-run/react";
import type { AdmitApplicationInput, ApplicationIntakeInput, ApplicationStatusInput } from "#app/domain/admissions/schemas";
import { REFERRAL_SOURCE_LABELS, REFERRAL_SOURCES } from "#app/domain/admissions/labels";
import { BookingDateFields } from "#app/ui/date-lookup";
import { Button, Field, FormMessage, SelectField, type OptionGroup } from "#app/ui/form";
import { RadioGroupField, TextareaField } from "#app/ui/form-controls";
import { IntakeFactFields, MoudEntry, ScreeningLogList } from "#app/ui/intake-fields";
import { ScreeningNoteForm } from "#app/ui/intake-section";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

/**
 * The application page's forms: intake details, the screening log, decline, and admission to a bed.
 * Checked in the action only (`parseApplicationForm`, ADR 029); each `constraint` comes from the loader.
 */

const REFERRAL_OPTIONS = REFERRAL_SOURCES.map((value) => ({ value, label: REFERRAL_SOURCE_LABELS[value] }));

type IntakeData = {
  referralSource: string;
  referralDetail: string;
  needs: string;
  recoveryDate: string;
  payer: string;
  sponsorName: string;
  sponsorPhone: string;
  probationContactName: string;
  probationContactPhone: string;
};
type MoudData = { access: false } | { access: true; mayEdit: boolean; answer: string; answerLabel: string; recorded: string | null };

const MOUD_HIDDEN = "Only the staff of the house this application names can see or record the answer about medication for opioid use disorder.";

/** The intake facts and, where allowed, the MOUD answer: one form, every field shown back as saved. */
export function IntakeForm({
  applicationId,
  intake,
  moud,
  constraint,
  lastResult,
}: {
  applicationId: string;
  intake: IntakeData;
  moud: MoudData;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<ApplicationIntakeInput>({
    id: "intake",
    lastResult,
    constraint,
    defaultValue: { ...intake, ...(moud.access && moud.mayEdit ? { moud: moud.answer } : {}) },
  });
  return (
    <Card title="Intake">
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="intake" />
        <input type="hidden" name="applicationId" value={applicationId} />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <RadioGroupField field={fields.referralSource} legend="Referral source" options={REFERRAL_OPTIONS} />
        <Field field={fields.referralDetail} label="Referral details (optional)" hint="The program, court or person who referred them." />
        <TextareaField field={fields.needs} label="Population / needs (optional)" rows={3} />
        <IntakeFactFields fields={fields} withRecoveryDate />
        <MoudEntry field={fields.moud} moud={moud} readout={<MoudReadout moud={moud} />} />
        <Button type="submit" variant="secondary">
          Save intake details
        </Button>
      </Form>
    </Card>
  );
}

/** The MOUD answer for someone who may read but not record it, or why it is not shown. */
export function MoudReadout({ moud }: { moud: MoudData }) {
  if (!moud.access) return <p className="text-sm text-muted">{MOUD_HIDDEN}</p>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="font-medium">Medication for opioid use disorder (MOUD)</dt>
      <dd>{moud.answerLabel}</dd>
    </dl>
  );
}

type LogEntry = { id: string; body: string; author: string | null; at: string };

/** The dated screening log, newest first; writers add to it (entries are never edited). */
export function ScreeningLog({
  applicationId,
  log,
  canAdd,
  constraint,
  lastResult,
}: {
  applicationId: string;
  log: LogEntry[];
  canAdd: boolean;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  return (
    <Card title="Screening log">
      <ScreeningLogList log={log} empty="No screening notes yet." />
      {canAdd ? (
        <ScreeningNoteForm
          constraint={constraint}
          lastResult={lastResult}
          hidden={{ applicationId }}
          hint="Seen only by your team. Entries are dated and kept; stick to what helps decide on a place."
        />
      ) : null}
    </Card>
  );
}

export function DeclineForm({
  applicationId,
  constraint,
  lastResult,
}: {
  applicationId: string;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<ApplicationStatusInput>({ id: "decline", lastResult, constraint });
  return (
    <Form method="post" {...form.props} className="space-y-3 border-t border-line pt-4">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="applicationId" value={applicationId} />
      <input type="hidden" name="status" value="declined" />
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <TextareaField
        field={fields.declineReason}
        label="Reason for declining"
        hint="Required. For example: needs a higher level of care, no bed suits their needs, could not be reached."
        rows={3}
      />
      <Button type="submit" variant="secondary">
        Decline application
      </Button>
    </Form>
  );
}

type AdmitData = {
  moveInDate: string;
  expectedMoveOutDate: string | null;
  summary: string;
  moveInLabel: string;
  problem: string | null;
  datesChanged: string | null;
  bedGroups: OptionGroup[];
};

export function AdmitSection({
  applicationId,
  admit,
  constraint,
  lastResult,
}: {
  applicationId: string;
  admit: AdmitData;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<AdmitApplicationInput>({ id: "admit", lastResult, constraint });
  return (
    <Card title="Admit">
      <p className="mb-4 text-sm text-muted">
        Creates the resident's profile from this application and books the bed, in one step. A waitlisted application is
        accepted at the same time.
      </p>
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="admit" />
        <input type="hidden" name="applicationId" value={applicationId} />
        <BookingDateFields
          id="admit-dates"
          dates={[
            { name: "moveInDate", label: "Move-in date", value: admit.moveInDate, required: true },
            { name: "expectedMoveOutDate", label: "Expected move-out (optional)", value: admit.expectedMoveOutDate },
          ]}
          problem={admit.problem}
          errors={{ moveInDate: fields.moveInDate.errors, expectedMoveOutDate: fields.expectedMoveOutDate.errors }}
        />
        <FormMessage>{[...(form.errors ?? []), ...(admit.datesChanged ? [admit.datesChanged] : [])].join(" ")}</FormMessage>
        {admit.bedGroups.length ? (
          <>
            <SelectField
              field={fields.bedId}
              label="Bed"
              groups={admit.bedGroups}
              placeholder="Choose a bed"
              hint={`Beds free ${admit.summary}, grouped by house.`}
            />
            <Button type="submit">Admit from {admit.moveInLabel}</Button>
          </>
        ) : (
          <p>
            {admit.problem
              ? "Correct the dates to see the free beds."
              : `No bed is free ${admit.summary}. Try other dates, or add the application to the waitlist.`}
          </p>
        )}
      </Form>
    </Card>
  );
}
