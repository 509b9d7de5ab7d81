import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { BedStatusForm, bedStatusFormId } from "#app/ui/bed-status-form";
import type { FormConstraint } from "#app/ui/constraint";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import { Button, Field, SelectField } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { Badge } from "#app/ui/occupancy";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";
import { count as s, KIND_OPTIONS } from "./forms";

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
type KeyFor = (formId: string) => string;
/** Each form's HTML constraints, from the loader (checked in the action only: ADR 029). */
type Constraints = { room: FormConstraint; addBeds: FormConstraint; bed: FormConstraint; status: FormConstraint };
export const resultFor = (actionData: ActionData, formId: string) => (actionData?.formId === formId ? actionData.result : null);
const failedHere = (actionData: ActionData, ...formIds: string[]) => Boolean(actionData?.error && formIds.includes(actionData.formId));

export function AddRoomForm({ constraint, lastResult }: { constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<{ name: string; sizeSqFt: string }>({ id: "add-room", lastResult, constraint });
  return (
    <Card title="Add a room">
      <Form method="post" {...form.props} className="space-y-3">
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

export function RoomCard({ room, constraints, actionData, keyFor }: { room: Room; constraints: Constraints; actionData: ActionData; keyFor: KeyFor }) {
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
            <BedRow key={bed.id} room={room} bed={bed} constraints={constraints} actionData={actionData} keyFor={keyFor} />
          ))}
        </ul>
      )}
      <div className="mt-3 space-y-2">
        <details className="rounded-md border border-line px-3" open={room.beds.length === 0 || failedHere(actionData, `add-beds-${room.id}`)}>
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
            Add beds<span className="sr-only"> to {room.name}</span>
          </summary>
          <div className="pb-3">
            <AddBedsForm key={keyFor(`add-beds-${room.id}`)} room={room} constraint={constraints.addBeds} lastResult={resultFor(actionData, `add-beds-${room.id}`)} />
          </div>
        </details>
        <details className="rounded-md border border-line px-3" open={failedHere(actionData, `room-${room.id}`, `delete-room-${room.id}`)}>
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
            Rename or remove<span className="sr-only"> {room.name}</span>
          </summary>
          <div className="space-y-4 pb-3">
            <RoomForm key={keyFor(`room-${room.id}`)} room={room} constraint={constraints.room} lastResult={resultFor(actionData, `room-${room.id}`)} />
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

function RoomForm({ room, constraint, lastResult }: { room: Room; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<{ name: string; sizeSqFt: string }>({
    id: `room-${room.id}`,
    lastResult,
    constraint,
    defaultValue: { name: room.name, sizeSqFt: room.sizeSqFt == null ? "" : String(room.sizeSqFt) },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
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

function AddBedsForm({ room, constraint, lastResult }: { room: Room; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<{ count: string; labelStyle: string; kind: string; accessible: boolean }>({
    id: `add-beds-${room.id}`,
    lastResult,
    constraint,
    defaultValue: { count: "1", labelStyle: room.labelStyle, kind: "adult" },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
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

function BedRow({ room, bed, constraints, actionData, keyFor }: { room: Room; bed: Bed; constraints: Constraints; actionData: ActionData; keyFor: KeyFor }) {
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
          <BedForm key={keyFor(`bed-${bed.id}`)} bed={bed} constraint={constraints.bed} lastResult={resultFor(actionData, `bed-${bed.id}`)} />
          <BedStatusForm key={keyFor(bedStatusFormId(bed.id))} bed={bed} constraint={constraints.status} lastResult={resultFor(actionData, bedStatusFormId(bed.id))} />
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

function BedForm({ bed, constraint, lastResult }: { bed: Bed; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<{ label: string; kind: string; accessible: boolean }>({
    id: `bed-${bed.id}`,
    lastResult,
    constraint,
    defaultValue: { label: bed.label, kind: bed.kind, accessible: bed.accessible ? "on" : undefined },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
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
