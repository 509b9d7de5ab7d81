import type { SubmissionResult } from "@conform-to/react";
import type { FormConstraint } from "#app/ui/constraint";
import { Form, useLocation } from "@remix-run/react";
import { useState } from "react";
import type { DischargeInput, TransferInput } from "#app/domain/admissions/schemas";
import { DISCHARGE_REASON_LABELS, DISCHARGE_REASONS, HOLDABLE_REASONS, MAX_HOLD_DAYS } from "#app/domain/admissions/labels";
import { BookingDateFields } from "#app/ui/date-lookup";
import { resultErrors } from "#app/ui/page-error";
import { Button, Field, FormMessage, SelectField, type OptionGroup } from "#app/ui/form";
import { Card } from "#app/ui/page";
import { DEPOSIT_CHOICE_LABELS, DEPOSIT_CHOICES } from "#app/domain/fees/deposit-choices";
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS } from "#app/domain/fees/labels";
import { useServerForm } from "#app/ui/server-form";

/**
 * The stay page's forms: transfer, discharge, corrections and the one-step undo. Checked in the
 * action only (`parseStayForm`, ADR 029); each `constraint` comes from the loader.
 */

const REASON_OPTIONS = [{ value: "", label: "Choose a reason" }, ...DISCHARGE_REASONS.map((value) => ({ value, label: DISCHARGE_REASON_LABELS[value] }))];

export function UndoButton({ intent, label }: { intent: string; label: string }) {
  const location = useLocation();
  return (
    <Form method="post" action={location.pathname}>
      <input type="hidden" name="intent" value={intent} />
      {/* The undo right after an action is the confirmation's way back: one step while the
          server's undo window lasts (quick=yes), a question after it. */}
      <input type="hidden" name="quick" value="yes" />
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

export function TransferCard({
  stayId,
  transfer,
  constraint,
  lastResult,
}: {
  stayId: string;
  transfer: TransferData;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<TransferInput>({ id: "transfer", lastResult, constraint });
  return (
    <div id="transfer-card" className="scroll-mt-4">
      <Card title="Transfer to another bed">
        <p className="mb-3 text-sm text-muted">
          {`In this house or another. This stay ends on the transfer date and a new one starts in the new bed${
            transfer.until ? `, keeping the expected move-out of ${transfer.until}` : ""
          }.`}
        </p>
        <Form method="post" {...form.props} className="space-y-4">
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

export type HeldDepositView = { id: string; held: string; since: string };
const SELECT = "mt-1 block w-full rounded-md border border-line bg-white px-3 py-2";

/** Each deposit still held, settled with the discharge (ADR 031): apply, refund (how), or keep (why). Plain fields: works without JavaScript. */
function DepositChoices({ deposits }: { deposits: HeldDepositView[] }) {
  return (
    <fieldset className="space-y-3 rounded-md border border-line p-3">
      <legend className="px-1 font-medium">Deposits held</legend>
      <p className="text-sm text-muted">Their open pay links are switched off with the discharge.</p>
      {deposits.map((d) => (
        <div key={d.id} className="space-y-2">
          <p className="text-sm">{`Deposit of ${d.held}, taken ${d.since}`}</p>
          <label className="block text-sm font-medium" htmlFor={`deposit-settle-${d.id}`}>
            What happens to it
            <select id={`deposit-settle-${d.id}`} name={`deposit_settle_${d.id}`} className={SELECT} defaultValue="keep">
              {DEPOSIT_CHOICES.map((c) => (
                <option key={c} value={c}>{DEPOSIT_CHOICE_LABELS[c]}</option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium" htmlFor={`deposit-method-${d.id}`}>
            How it is paid back (refund)
            <select id={`deposit-method-${d.id}`} name={`deposit_method_${d.id}`} className={SELECT} defaultValue="">
              <option value="">—</option>
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>{PAYMENT_METHOD_LABELS[m]}</option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium" htmlFor={`deposit-reason-${d.id}`}>
            Note (why it is kept, or for the statement)
            <input id={`deposit-reason-${d.id}`} name={`deposit_reason_${d.id}`} className={SELECT} maxLength={200} autoComplete="off" />
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function DischargeCard({
  stayId,
  todayLabel,
  constraint,
  lastResult,
  deposits = [],
}: {
  stayId: string;
  /** Today in the house, in words. */
  todayLabel: string;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
  deposits?: HeldDepositView[];
}) {
  const [form, fields] = useServerForm<DischargeInput>({ id: "discharge", lastResult, constraint });
  const [reason, setReason] = useState(String(fields.reason.initialValue ?? ""));
  const holdable = (HOLDABLE_REASONS as readonly string[]).includes(reason);
  return (
    <div id="discharge-card" className="scroll-mt-4">
      <Card title="Discharge">
        <Form
          method="post"
          {...form.props}
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
            hint={`The first night they no longer stay here (today is ${todayLabel}). A later date schedules the discharge.`}
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
          {deposits.length ? <DepositChoices deposits={deposits} /> : null}
          <p className="text-sm text-muted">You'll be asked to confirm before anything is recorded.</p>
          <Button type="submit" variant="secondary">
            Record discharge…
          </Button>
        </Form>
      </Card>
    </div>
  );
}
