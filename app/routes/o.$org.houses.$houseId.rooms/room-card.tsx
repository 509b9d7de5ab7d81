import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { Form } from "@remix-run/react";
import { BedStatusForm, bedStatusFormId } from "#app/ui/bed-status-form";
import type { FormConstraint } from "#app/ui/constraint";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import { Button, Field, SelectField } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { Badge } from "#app/ui/occupancy";
import { Card } from "#app/ui/page";
import { parseForm } from "#app/ui/parse-form";
import { addBedsSchema, addRoomSchema, count as s, KIND_OPTIONS, updateBedSchema, updateRoomSchema } from "./forms";

/** The rooms page's forms: add a room, and per room its beds, edits and removal. */

export type Room = {
  id: string;
  name: string;
  sizeSqFt: number | null;
  labelStyle: "letters" | "numbers";
  nextLetters: string;
  nextNumbers: string;
  beds: Bed[];
};
type Bed = {
  id: string;
  label: string;
  kind: "adult" | "child";
  accessible: boolean;
  status: "available" | "held" | "out_of_service";
  statusLabel: string;
  statusReason: string | null;
};
type ActionData = FormActionData | undefined;
export const resultFor = (actionData: ActionData, formId: string) => (actionData?.formId === formId ? actionData.result : null);
const failedHere = (actionData: ActionData, ...formIds: string[]) => Boolean(actionData?.error && formIds.includes(actionData.formId));

export function AddRoomForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "add-room",
    lastResult,
    constraint: formConstraint(addRoomSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, addRoomSchema),
  });
  return (
    <Card title="Add a room">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="intent" value="add-room" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr] sm:items-start">
          <Field field={fields.name} label="Room name" hint="For example “Room 1” or “Upstairs front”." inputProps={{ autoComplete: "off" }} />
          <Field field={fields.sizeSqFt} label="Size in sq ft (optional)" type="number" hint="Some certifications check space per bed." inputProps={{ inputMode: "numeric" }} />
        </div>
        <Button type="submit">Add room</Button>
      </Form>
    </Card>
  );
}

export function RoomCard({ room, statusConstraint, actionData }: { room: Room; statusConstraint: FormConstraint; actionData: ActionData }) {
  return (
    <section aria-labelledby={`room-${room.id}-title`} className="rounded-lg border border-line bg-white p-4">
      <h2 id={`room-${room.id}-title`} className="text-lg font-semibold">
        {room.name}
        {room.sizeSqFt ? <span className="ml-2 text-sm font-normal text-muted">{room.sizeSqFt.toLocaleString("en-US")} sq ft</span> : null}
      </h2>
      {room.beds.length === 0 ? (
        <p className="mt-1 text-muted">No beds yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-line border-y border-line">
          {room.beds.map((bed) => (
            <BedRow key={bed.id} room={room} bed={bed} statusConstraint={statusConstraint} actionData={actionData} />
          ))}
        </ul>
      )}
      <div className="mt-3 space-y-2">
        <details className="rounded-md border border-line px-3" open={room.beds.length === 0 || failedHere(actionData, `add-beds-${room.id}`)}>
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
            Add beds<span className="sr-only"> to {room.name}</span>
          </summary>
          <div className="pb-3">
            <AddBedsForm room={room} lastResult={resultFor(actionData, `add-beds-${room.id}`)} />
          </div>
        </details>
        <details className="rounded-md border border-line px-3" open={failedHere(actionData, `room-${room.id}`, `delete-room-${room.id}`)}>
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
            Rename or remove<span className="sr-only"> {room.name}</span>
          </summary>
          <div className="space-y-4 pb-3">
            <RoomForm room={room} lastResult={resultFor(actionData, `room-${room.id}`)} />
            <Form method="post" className="space-y-2 border-t border-line pt-3">
              <input type="hidden" name="intent" value="delete-room" />
              <input type="hidden" name="roomId" value={room.id} />
              <p className="mb-2 text-sm text-muted">
                Removing a room removes its beds too. Rooms whose beds have stays on record can't be removed.
              </p>
              <Button type="submit" variant="danger">
                Remove {room.name}
                {room.beds.length ? ` and its ${s(room.beds.length, "bed")}` : ""}
              </Button>
            </Form>
          </div>
        </details>
      </div>
    </section>
  );
}

function RoomForm({ room, lastResult }: { room: Room; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: `room-${room.id}`,
    lastResult,
    constraint: formConstraint(updateRoomSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { name: room.name, sizeSqFt: room.sizeSqFt == null ? "" : String(room.sizeSqFt) },
    onValidate: ({ formData }) => parseForm(formData, updateRoomSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="update-room" />
      <input type="hidden" name="roomId" value={room.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.name} label="Room name" inputProps={{ autoComplete: "off" }} />
        <Field field={fields.sizeSqFt} label="Size in sq ft (optional)" type="number" inputProps={{ inputMode: "numeric" }} />
      </div>
      <Button type="submit" variant="secondary">
        Save room
      </Button>
    </Form>
  );
}

function AddBedsForm({ room, lastResult }: { room: Room; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: `add-beds-${room.id}`,
    lastResult,
    constraint: formConstraint(addBedsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { count: "1", labelStyle: room.labelStyle, kind: "adult" },
    onValidate: ({ formData }) => parseForm(formData, addBedsSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="add-beds" />
      <input type="hidden" name="roomId" value={room.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field field={fields.count} label="How many beds" type="number" hint="1 to 26 at a time." inputProps={{ inputMode: "numeric" }} />
        <SelectField
          field={fields.labelStyle}
          label="Labels"
          hint="New labels continue after the ones this room already uses."
          options={[
            { value: "letters", label: `Letters (next: ${room.nextLetters}…)` },
            { value: "numbers", label: `Numbers (next: ${room.nextNumbers}…)` },
          ]}
        />
        <SelectField field={fields.kind} label="Bed for" options={KIND_OPTIONS} />
      </div>
      <CheckboxField field={fields.accessible} label="Accessible (step-free, wheelchair-usable)" />
      <Button type="submit" variant="secondary">
        Add beds<span className="sr-only"> to {room.name}</span>
      </Button>
    </Form>
  );
}

function BedRow({ room, bed, statusConstraint, actionData }: { room: Room; bed: Bed; statusConstraint: FormConstraint; actionData: ActionData }) {
  const ids = [`bed-${bed.id}`, bedStatusFormId(bed.id), `delete-bed-${bed.id}`];
  return (
    <li className="py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Bed {bed.label}</span>
        <Badge tone={bed.status === "available" ? "ok" : bed.status === "held" ? "warn" : "danger"}>{bed.statusLabel}</Badge>
        {bed.accessible ? <Badge tone="muted">Accessible</Badge> : null}
        {bed.kind === "child" ? <Badge tone="muted">Child’s bed</Badge> : null}
        {bed.statusReason ? <span className="text-sm text-muted">{bed.statusReason}</span> : null}
      </div>
      <details className="mt-1" open={failedHere(actionData, ...ids)}>
        <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-brand-700">
          Edit<span className="sr-only"> {room.name}, bed {bed.label}</span>
        </summary>
        <div className="grid gap-4 pb-2 md:grid-cols-2">
          <BedForm bed={bed} lastResult={resultFor(actionData, `bed-${bed.id}`)} />
          <BedStatusForm bed={bed} constraint={statusConstraint} lastResult={resultFor(actionData, bedStatusFormId(bed.id))} />
          <Form method="post" className="space-y-2 md:col-span-2">
            <input type="hidden" name="intent" value="delete-bed" />
            <input type="hidden" name="bedId" value={bed.id} />
            <Button type="submit" variant="danger">
              Remove bed {bed.label}
              <span className="sr-only"> from {room.name}</span>
            </Button>
            <p className="mt-1 text-sm text-muted">Beds with stays on record can't be removed: mark them out of service instead.</p>
          </Form>
        </div>
      </details>
    </li>
  );
}

function BedForm({ bed, lastResult }: { bed: Bed; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: `bed-${bed.id}`,
    lastResult,
    constraint: formConstraint(updateBedSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { label: bed.label, kind: bed.kind, accessible: bed.accessible ? "on" : undefined },
    onValidate: ({ formData }) => parseForm(formData, updateBedSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="update-bed" />
      <input type="hidden" name="bedId" value={bed.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.label} label={`Label of bed ${bed.label}`} inputProps={{ autoComplete: "off" }} />
      <SelectField field={fields.kind} label="Bed for" options={KIND_OPTIONS} />
      <CheckboxField field={fields.accessible} label="Accessible" />
      <Button type="submit" variant="secondary">
        Save bed<span className="sr-only"> {bed.label}</span>
      </Button>
    </Form>
  );
}
