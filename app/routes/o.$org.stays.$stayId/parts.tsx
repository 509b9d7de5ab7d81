import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { Form, useLocation } from "@remix-run/react";
import { useState } from "react";
import { DischargeInput, TransferInput } from "#app/domain/admissions/schemas";
import { DISCHARGE_REASON_LABELS, DISCHARGE_REASONS, HOLDABLE_REASONS, MAX_HOLD_DAYS } from "#app/domain/admissions/labels";
import { BookingDateFields, resultErrors, unlessLookup } from "#app/ui/date-lookup";
import { Button, Field, FormMessage, SelectField, type OptionGroup } from "#app/ui/form";
import { Card } from "#app/ui/page";
import { formatDay } from "#app/lib/dates";
import { parseStayForm } from "./forms";

/** The stay page's forms: transfer, discharge, corrections and the one-step undo. */

const REASON_OPTIONS = [{ value: "", label: "Choose a reason" }, ...DISCHARGE_REASONS.map((value) => ({ value, label: DISCHARGE_REASON_LABELS[value] }))];

export function UndoButton({ intent, label }: { intent: string; label: string }) {
  const location = useLocation();
  return (
    <Form method="post" action={location.pathname}>
      <input type="hidden" name="intent" value={intent} />
      {/* The undo right after an action is the confirmation's way back: one step. */}
      <input type="hidden" name="confirmed" value="yes" />
      <Button type="submit" variant="secondary">
        {label}
      </Button>
    </Form>
  );
}

export function CorrectionForm({
  intent,
  label,
  lastResult,
  children,
}: {
  intent: string;
  label: string;
  lastResult: SubmissionResult<string[]> | null;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" className="space-y-2">
      <input type="hidden" name="intent" value={intent} />
      <p className="text-sm text-muted">{children}</p>
      <FormMessage>{resultErrors(lastResult)}</FormMessage>
      <Button type="submit" variant="secondary">
        {label}
      </Button>
    </Form>
  );
}

type TransferData = {
  date: string;
  dateLabel: string;
  problem: string | null;
  until: string | null;
  bedGroups: OptionGroup[] | null;
};

export function TransferCard({ stayId, transfer, lastResult }: { stayId: string; transfer: TransferData; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "transfer",
    lastResult,
    constraint: formConstraint(TransferInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: unlessLookup((formData) =>
      parseStayForm(formData, TransferInput),
    ),
  });
  return (
    <div id="transfer-card" className="scroll-mt-4">
      <Card title="Transfer to another bed">
        <p className="mb-3 text-sm text-muted">
          {`In this house or another. This stay ends on the transfer date and a new one starts in the new bed${
            transfer.until ? `, keeping the expected move-out of ${transfer.until}` : ""
          }.`}
        </p>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="transfer" />
          <input type="hidden" name="stayId" value={stayId} />
          <BookingDateFields
            id="transfer-date"
            dates={[
              {
                name: "date",
                label: "Transfer date",
                value: transfer.date,
                required: true,
              },
            ]}
            problem={transfer.problem}
            errors={{ date: fields.date.errors }}
          />
          <FormMessage>{form.errors?.join(" ")}</FormMessage>
          {transfer.bedGroups?.length ? (
            <>
              <SelectField
                field={fields.toBedId}
                label="New bed"
                groups={transfer.bedGroups}
                placeholder="Choose a bed"
                hint={`Beds free from ${transfer.dateLabel}${transfer.until ? ` to ${transfer.until}` : ""}.`}
              />
              <Button type="submit">Transfer on {transfer.dateLabel}</Button>
            </>
          ) : (
            <p>{transfer.bedGroups ? `No other bed is free from ${transfer.dateLabel}.` : "Correct the transfer date to see the free beds."}</p>
          )}
        </Form>
      </Card>
    </div>
  );
}

export function DischargeCard({ stayId, today, lastResult }: { stayId: string; today: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "discharge",
    lastResult,
    constraint: formConstraint(DischargeInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) =>
      parseStayForm(formData, DischargeInput),
  });
  const [reason, setReason] = useState(String(fields.reason.initialValue ?? ""));
  const holdable = (HOLDABLE_REASONS as readonly string[]).includes(reason);
  return (
    <div id="discharge-card" className="scroll-mt-4">
      <Card title="Discharge">
        <Form
          method="post"
          {...getFormProps(form)}
          className="space-y-4"
          onChange={(e) => {
            const target = e.target as HTMLSelectElement;
            if (target.name === "reason") setReason(target.value);
          }}
        >
          <input type="hidden" name="intent" value="discharge" />
          <input type="hidden" name="stayId" value={stayId} />
          <FormMessage>{form.errors?.join(" ")}</FormMessage>
          <Field
            field={fields.date}
            label="Move-out date"
            type="date"
            hint={`The first night they no longer stay here (today is ${formatDay(today)}). A later date schedules the discharge.`}
          />
          <SelectField field={fields.reason} label="Discharge reason" options={REASON_OPTIONS} />
          <Field
            field={fields.destination}
            label="Destination (optional)"
            hint="Where they are going, e.g. own apartment, family home, treatment program."
          />
          <div hidden={Boolean(reason) && !holdable && !fields.holdBedDays.errors}>
            <Field
              field={fields.holdBedDays}
              label="Hold the bed for their return (optional)"
              type="number"
              inputProps={{ inputMode: "numeric", min: 1, max: MAX_HOLD_DAYS }}
              hint={`Days from the move-out date, up to ${MAX_HOLD_DAYS}. Only after a hospital or treatment stay, or a return to use with a plan to come back.`}
            />
          </div>
          <p className="text-sm text-muted">You'll be asked to confirm before anything is recorded.</p>
          <Button type="submit" variant="secondary">
            Record discharge…
          </Button>
        </Form>
      </Card>
    </div>
  );
}
