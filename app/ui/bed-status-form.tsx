import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { Form } from "@remix-run/react";
import { z } from "zod";
import type { BedStatus } from "#app/db/schema";
import { BED_STATUS_LABELS, BED_STATUSES } from "#app/domain/houses/schemas";
import { id, optionalText } from "#app/lib/fields";
import { FormErrors } from "./choices";
import { Button, Field, SelectField } from "./form";
import { parseForm } from "./parse-form";
import { usePostAction } from "./post-action";

/**
 * Mark a bed available, held or out of service. Used on the occupancy board (house
 * managers may do this in their houses) and on the rooms page. A reason is required
 * for out of service; it is kept for "held" and dropped for "available".
 */
export const BED_STATUS_INTENT = "set-bed-status";

export const bedStatusSchema = z
  .strictObject({
    intent: z.literal(BED_STATUS_INTENT),
    bedId: id,
    status: z.enum(BED_STATUSES, "Choose a status."),
    reason: optionalText(200),
  })
  .refine((v) => v.status !== "out_of_service" || v.reason !== null, {
    message: "Give a reason when taking a bed out of service.",
    path: ["reason"],
  });

export const bedStatusFormId = (bedId: string) => `bed-status-${bedId}`;

export function BedStatusForm({
  bed,
  lastResult,
}: {
  bed: { id: string; label: string; status: BedStatus; statusReason: string | null };
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useForm({
    id: bedStatusFormId(bed.id),
    lastResult,
    constraint: formConstraint(bedStatusSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { status: bed.status, reason: bed.statusReason ?? "" },
    onValidate: ({ formData }) => parseForm(formData, bedStatusSchema),
  });
  // The board is an index route: post to its own address, never "?index".
  const action = usePostAction();
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value={BED_STATUS_INTENT} />
      <input type="hidden" name="bedId" value={bed.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField
        field={fields.status}
        label={`Status of bed ${bed.label}`}
        options={BED_STATUSES.map((s) => ({ value: s, label: BED_STATUS_LABELS[s] }))}
      />
      <Field
        field={fields.reason}
        label="Reason"
        hint="Required for out of service (e.g. “mattress replaced”). Don't name residents."
        inputProps={{ autoComplete: "off" }}
      />
      <Button type="submit" variant="secondary">
        Save status<span className="sr-only"> of bed {bed.label}</span>
      </Button>
    </Form>
  );
}
