import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import {
  addBeds,
  createRoom,
  deleteBed,
  deleteRoom,
  getHouseLayout,
  setBedStatus,
  updateBed,
  updateRoom,
} from "#app/domain/houses/layout.server";
import { BED_KINDS, BED_STATUS_LABELS, nextBedLabels } from "#app/domain/houses/schemas";
import { requireBedInHouse, requireRoomInHouse } from "#app/domain/houses/scope.server";
import { id, text } from "#app/lib/fields";
import { BED_STATUS_INTENT, BedStatusForm, bedStatusFormId, bedStatusSchema } from "#app/ui/bed-status-form";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import { Button, Field, FormMessage, PageNotices, SelectField } from "#app/ui/form";
import { Badge } from "#app/ui/occupancy";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { attempt, houseIdParam, invalid, orErrorPage, respond, type HouseActionData } from "./o.$org.houses.helpers.server";
import { parseForm } from "#app/ui/parse-form";

/**
 * Rooms and beds of one house (owner/admin, and house managers in their houses: for
 * any other house RLS answers 404). One form per action, each with an
 * `intent`; each action is one transaction, so a refused change writes nothing.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Rooms and beds · ${data.house.name} · Hearth` : "Rooms and beds · Hearth" }];

const sizeSqFt = z
  .number({ error: "Enter the size in whole square feet, or leave it empty." })
  .int("Enter the size in whole square feet.")
  .min(1, "Enter a size of at least 1 square foot.")
  .max(10_000, "Enter a size of at most 10,000 square feet.")
  .optional();
const roomName = text(60);
const bedLabel = text(20);
const bedKind = z.enum(BED_KINDS, "Choose who the bed is for.");
const LABEL_STYLES = ["letters", "numbers"] as const;

const addRoomSchema = z.strictObject({ intent: z.literal("add-room"), name: roomName, sizeSqFt });
const updateRoomSchema = z.strictObject({ intent: z.literal("update-room"), roomId: id, name: roomName, sizeSqFt });
const deleteRoomSchema = z.strictObject({ intent: z.literal("delete-room"), roomId: id });
const addBedsSchema = z.strictObject({
  intent: z.literal("add-beds"),
  roomId: id,
  count: z
    .number({ error: "Enter how many beds to add (1 to 26)." })
    .int("Enter a whole number of beds.")
    .min(1, "Add at least one bed.")
    .max(26, "Add at most 26 beds at a time."),
  labelStyle: z.enum(LABEL_STYLES, "Choose how to label the beds."),
  kind: bedKind,
  accessible: z.boolean().optional(),
});
const updateBedSchema = z.strictObject({ intent: z.literal("update-bed"), bedId: id, label: bedLabel, kind: bedKind, accessible: z.boolean().optional() });
const deleteBedSchema = z.strictObject({ intent: z.literal("delete-bed"), bedId: id });

const KIND_OPTIONS = [
  { value: "adult", label: "Adult (counts toward capacity)" },
  { value: "child", label: "Child (families; not counted)" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const layout = await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseLayout(tx, houseId)));
  const created = new URL(request.url).searchParams.get("created") === "1";
  return {
    houseBase: `/o/${ctx.org.slug}/houses/${layout.house.id}`,
    house: { id: layout.house.id, name: layout.house.name, archived: layout.house.status !== "active" },
    created,
    rooms: layout.rooms.map((room) => {
      const labels = room.beds.map((b) => b.label);
      const numeric = labels.length > 0 && labels.every((l) => /^\d+$/.test(l));
      return {
        id: room.id,
        name: room.name,
        sizeSqFt: room.sizeSqFt,
        labelStyle: numeric ? ("numbers" as const) : ("letters" as const),
        nextLetters: nextBedLabels(labels, 3, "letters").join(", "),
        nextNumbers: nextBedLabels(labels, 3, "numbers").join(", "),
        beds: room.beds.map((b) => ({
          id: b.id,
          label: b.label,
          kind: b.kind,
          accessible: b.accessible,
          status: b.status,
          statusLabel: BED_STATUS_LABELS[b.status],
          statusReason: b.statusReason,
        })),
      };
    }),
  };
}

const s = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const idOf = (key: string) => String(formData.get(key)).slice(0, 40);
  const tenant = ctx.tenant;

  switch (intent) {
    case "add-room": {
      const submission = parseForm(formData, addRoomSchema);
      if (submission.status !== "success") return invalid("add-room", submission);
      const { name, sizeSqFt } = submission.value;
      return attempt(
        "add-room",
        submission,
        async () => {
          await withTenant(tenant, (tx) => createRoom(tx, { houseId, name, sizeSqFt: sizeSqFt ?? null }));
          return `${name} added. Now add its beds.`;
        },
        { fields: ["name", "sizeSqFt"], resetForm: true },
      );
    }
    case "update-room": {
      const formId = `room-${idOf("roomId")}`;
      const submission = parseForm(formData, updateRoomSchema);
      if (submission.status !== "success") return invalid(formId, submission);
      const { roomId, name, sizeSqFt } = submission.value;
      return attempt(
        formId,
        submission,
        async () => {
          await withTenant(tenant, async (tx) => {
            await requireRoomInHouse(tx, houseId, roomId);
            await updateRoom(tx, roomId, { name, sizeSqFt: sizeSqFt ?? null });
          });
          return `${name} saved.`;
        },
        { fields: ["name", "sizeSqFt"] },
      );
    }
    case "delete-room": {
      const formId = `delete-room-${idOf("roomId")}`;
      const submission = parseForm(formData, deleteRoomSchema);
      if (submission.status !== "success") return invalid(formId, submission);
      const { roomId } = submission.value;
      return attempt(formId, null, async () => {
        await withTenant(tenant, async (tx) => {
          await requireRoomInHouse(tx, houseId, roomId);
          await deleteRoom(tx, roomId);
        });
        return "The room and its beds were removed.";
      });
    }
    case "add-beds": {
      const formId = `add-beds-${idOf("roomId")}`;
      const submission = parseForm(formData, addBedsSchema);
      if (submission.status !== "success") return invalid(formId, submission);
      const { roomId, count, labelStyle, kind, accessible } = submission.value;
      return attempt(
        formId,
        submission,
        async () => {
          const beds = await withTenant(tenant, async (tx) => {
            await requireRoomInHouse(tx, houseId, roomId);
            return addBeds(tx, { roomId, count, labelStyle, kind, accessible: accessible ?? false });
          });
          return `Added ${s(beds.length, "bed")}: ${beds.map((b) => b.label).join(", ")}.`;
        },
        { fields: ["count", "labelStyle", "kind", "accessible"], resetForm: true },
      );
    }
    case "update-bed": {
      const formId = `bed-${idOf("bedId")}`;
      const submission = parseForm(formData, updateBedSchema);
      if (submission.status !== "success") return invalid(formId, submission);
      const { bedId, label, kind, accessible } = submission.value;
      return attempt(
        formId,
        submission,
        async () => {
          await withTenant(tenant, async (tx) => {
            await requireBedInHouse(tx, houseId, bedId);
            await updateBed(tx, bedId, { label, kind, accessible: accessible ?? false });
          });
          return `Bed ${label} saved.`;
        },
        { fields: ["label", "kind", "accessible"] },
      );
    }
    case BED_STATUS_INTENT: {
      const formId = bedStatusFormId(idOf("bedId"));
      const submission = parseForm(formData, bedStatusSchema);
      if (submission.status !== "success") return invalid(formId, submission);
      const { bedId, status, reason } = submission.value;
      return attempt(
        formId,
        submission,
        async () => {
          await withTenant(tenant, async (tx) => {
            await requireBedInHouse(tx, houseId, bedId);
            await setBedStatus(tx, { bedId, status, reason });
          });
          return `Bed status changed to ${BED_STATUS_LABELS[status].toLowerCase()}.`;
        },
        { fields: ["status", "reason"] },
      );
    }
    case "delete-bed": {
      const formId = `delete-bed-${idOf("bedId")}`;
      const submission = parseForm(formData, deleteBedSchema);
      if (submission.status !== "success") return invalid(formId, submission);
      const { bedId } = submission.value;
      return attempt(formId, null, async () => {
        await withTenant(tenant, async (tx) => {
          await requireBedInHouse(tx, houseId, bedId);
          await deleteBed(tx, bedId);
        });
        return "The bed was removed.";
      });
    }
    default:
      return respond({ formId: "none", error: "That action isn't available here." }, 400);
  }
}

type Room = ReturnType<typeof useLoaderData<typeof loader>>["rooms"][number];
type Bed = Room["beds"][number];
type ActionData = HouseActionData | undefined;
const resultFor = (actionData: ActionData, formId: string) => (actionData?.formId === formId ? actionData.result : null);
const failedHere = (actionData: ActionData, ...formIds: string[]) => Boolean(actionData?.error && formIds.includes(actionData.formId));

export default function RoomsPage() {
  const { house, houseBase, rooms, created } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const bedCount = rooms.reduce((n, r) => n + r.beds.length, 0);
  return (
    <>
      <PageHeader
        title="Rooms and beds"
        description={
          <>
            {`${house.name}: ${s(rooms.length, "room")}, ${s(bedCount, "bed")}.`} <Link to={houseBase}>Back to the board</Link> ·{" "}
            <Link to={`${houseBase}/edit`}>Edit house</Link>
          </>
        }
      />
      <PageNotices notice={actionData?.notice} error={actionData?.error}>
        {!actionData && created ? <FormMessage kind="ok">House added. Next, add its rooms and beds.</FormMessage> : null}
      </PageNotices>

      <div className="space-y-6">
        <AddRoomForm lastResult={resultFor(actionData, "add-room")} />
        {rooms.length === 0 ? (
          <EmptyState title="No rooms yet">
            Add the house's bedrooms above, then add beds to each. Capacity and vacancies are counted from the beds.
          </EmptyState>
        ) : (
          rooms.map((room) => <RoomCard key={room.id} room={room} actionData={actionData} />)
        )}
      </div>
    </>
  );
}

function AddRoomForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "add-room",
    lastResult,
    constraint: getZodConstraint(addRoomSchema),
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

function RoomCard({ room, actionData }: { room: Room; actionData: ActionData }) {
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
            <BedRow key={bed.id} room={room} bed={bed} actionData={actionData} />
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
              {actionData?.formId === `delete-room-${room.id}` && actionData.error ? <FormErrors errors={[actionData.error]} /> : null}
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
    constraint: getZodConstraint(updateRoomSchema),
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
    constraint: getZodConstraint(addBedsSchema),
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

function BedRow({ room, bed, actionData }: { room: Room; bed: Bed; actionData: ActionData }) {
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
          <BedStatusForm bed={bed} lastResult={resultFor(actionData, bedStatusFormId(bed.id))} />
          <Form method="post" className="space-y-2 md:col-span-2">
            {actionData?.formId === `delete-bed-${bed.id}` && actionData.error ? <FormErrors errors={[actionData.error]} /> : null}
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
    constraint: getZodConstraint(updateBedSchema),
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
