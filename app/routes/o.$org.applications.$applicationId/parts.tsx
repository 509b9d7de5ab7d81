import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { AdmitApplicationInput, ApplicationStatusInput, ScreeningNotesInput } from "#app/domain/admissions/schemas";
import { BookingDateFields, unlessLookup } from "#app/ui/date-lookup";
import { Button, FormMessage, SelectField, type OptionGroup } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { Card } from "#app/ui/page";
import { parseApplicationForm } from "./forms";

/** The application page's forms: screening notes, decline, and admission to a bed. */

export function NotesForm({ applicationId, notes, lastResult }: { applicationId: string; notes: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "notes",
    lastResult,
    constraint: getZodConstraint(ScreeningNotesInput),
    defaultValue: { notes },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseApplicationForm(formData, ScreeningNotesInput),
  });
  return (
    <Card title="Screening notes">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="intent" value="notes" />
        <input type="hidden" name="applicationId" value={applicationId} />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <TextareaField field={fields.notes} label={<span className="sr-only">Screening notes</span>} hint="Seen only by your team. Stick to what helps decide on a place." rows={6} />
        <Button type="submit" variant="secondary">
          Save notes
        </Button>
      </Form>
    </Card>
  );
}

export function DeclineForm({ applicationId, lastResult }: { applicationId: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "decline",
    lastResult,
    constraint: getZodConstraint(ApplicationStatusInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseApplicationForm(formData, ApplicationStatusInput),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 border-t border-line pt-4">
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

export function AdmitSection({ applicationId, admit, lastResult }: { applicationId: string; admit: AdmitData; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "admit",
    lastResult,
    constraint: getZodConstraint(AdmitApplicationInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: unlessLookup((formData) => parseApplicationForm(formData, AdmitApplicationInput)),
  });
  return (
    <Card title="Admit">
      <p className="mb-4 text-sm text-muted">
        Creates the resident's profile from this application and books the bed, in one step. A waitlisted application is
        accepted at the same time.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
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
