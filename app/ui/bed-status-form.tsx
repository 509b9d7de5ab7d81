import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { BedStatus } from "#app/db/schema";
import { BED_STATUS_LABELS, BED_STATUSES } from "#app/domain/houses/labels";
import { FormErrors } from "./choices";
import type { FormConstraint } from "./constraint";
import { Button, Field, SelectField } from "./form";
import { usePostAction } from "./post-action";
import { useServerForm } from "./server-form";

/**
 * Mark a bed available, held or out of service. Used on the occupancy board (house
 * managers may do this in their houses) and on the rooms page. A reason is required
 * for out of service; it is kept for "held" and dropped for "available".
 *
 * Checked on the server only (`bedStatusSchema` in bed-status.server.ts): the pages that
 * show this form ship no zod. Their loaders pass the schema's HTML constraints
 * (`bedStatusConstraint`), as the sign-in page does.
 */
export const BED_STATUS_INTENT = "set-bed-status";

export const bedStatusFormId = (bedId: string) => `bed-status-${bedId}`;

export function BedStatusForm({
  bed,
  constraint,
  lastResult,
}: {
  bed: { id: string; label: string; status: BedStatus; statusReason: string | null };
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useServerForm<{ intent: string; bedId: string; status: BedStatus; reason: string }>({
    id: bedStatusFormId(bed.id),
    lastResult,
    constraint,
    defaultValue: { status: bed.status, reason: bed.statusReason ?? "" },
  });
  // The board is an index route: post to its own address, never "?index".
  const action = usePostAction();
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
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
