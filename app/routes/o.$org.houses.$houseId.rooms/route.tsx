import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getHouseLayout } from "#app/domain/houses/layout.server";
import { BED_STATUS_LABELS, nextBedLabels } from "#app/domain/houses/labels";
import { takeFlash } from "#app/ui/flash.server";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { bedStatusFormId } from "#app/ui/bed-status-form";
import { bedStatusConstraint } from "#app/ui/bed-status.server";
import { pageErrorOf } from "#app/ui/page-error";
import { count } from "./forms";
import { roomConstraints } from "./forms.server";
import { useFormKeys } from "#app/ui/form-keys";
import { roomIntents } from "./intents.server";
import { AddRoomForm, resultFor, RoomCard } from "./room-card";

/**
 * Rooms and beds of one house (owner/admin, and house managers in their houses: for
 * any other house RLS answers 404). One form per action, each with an `intent`.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Rooms and beds · ${data.house.name} · Hearth` : "Rooms and beds · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const layout = await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseLayout(tx, houseId)), NOT_FOUND.house);
  const { flash, headers } = takeFlash(request, ["created"]);
  const page = {
    created: flash === "created",
    bedStatusConstraint,
    // Checked in the action only (ADR 029): the page ships no zod.
    constraints: roomConstraints,
    houseBase: `/o/${ctx.org.slug}/houses/${layout.house.id}`,
    sections: houseSections(ctx.role),
    house: { id: layout.house.id, name: layout.house.name, archived: layout.house.status !== "active" },
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
  return data(page, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  return runIntent(await request.formData(), roomIntents(ctx.tenant, houseId));
}

export default function RoomsPage() {
  const { house, houseBase, sections, rooms, created, bedStatusConstraint, constraints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const shown = ["add-room", ...rooms.flatMap((r) => [`room-${r.id}`, `add-beds-${r.id}`, ...r.beds.flatMap((b) => [`bed-${b.id}`, bedStatusFormId(b.id)])])];
  const bedCount = rooms.reduce((n, r) => n + r.beds.length, 0);
  return (
    <>
      <PageHeader
        title="Rooms and beds"
        description={
          <>
            {`${house.name}: ${count(rooms.length, "room")}, ${count(bedCount, "bed")}.`}
          </>
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, shown)}>
        {!actionData && created ? <FormMessage kind="ok">House added. Next, add its rooms and beds.</FormMessage> : null}
      </PageNotices>

      <div className="space-y-6">
        <AddRoomForm key={keyFor("add-room")} constraint={constraints.addRoom} lastResult={resultFor(actionData, "add-room")} />
        {rooms.length === 0 ? (
          <EmptyState title="No rooms yet">
            Add the house's bedrooms above, then add beds to each. Capacity and vacancies are counted from the beds.
          </EmptyState>
        ) : (
          rooms.map((room) => <RoomCard key={room.id} room={room} constraints={{ ...constraints, status: bedStatusConstraint }} actionData={actionData} keyFor={keyFor} />)
        )}
      </div>
    </>
  );
}

