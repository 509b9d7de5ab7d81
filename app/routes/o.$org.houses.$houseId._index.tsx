import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { getHouseOccupancy, type OccupancyBed } from "#app/domain/houses/occupancy.server";
import { BED_STATUS_LABELS } from "#app/domain/houses/schemas";
import { requireBedInHouse } from "#app/domain/houses/scope.server";
import { BED_STATUS_INTENT, BedStatusForm, bedStatusFormId, bedStatusSchema } from "#app/ui/bed-status-form";
import { FormMessage, PageNotices } from "#app/ui/form";
import { Badge, percent, Stats, type Tone } from "#app/ui/occupancy";
import { EmptyState, PageHeader } from "#app/ui/page";
import { attempt, formatDay, houseIdParam, invalid, orErrorPage, relativeDay, respond } from "./o.$org.houses.helpers.server";
import { parseForm } from "#app/ui/parse-form";

/** The occupancy board of one house: rooms → beds, who is where, and what changes soon. */

const WINDOW_DAYS = 14;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.house.name} · Hearth` : "House · Hearth" }];

type BedState = "occupied" | "reserved" | "available" | "held" | "out_of_service";
const STATE: Record<BedState, { label: string; tone: Tone }> = {
  occupied: { label: "Occupied", tone: "info" },
  reserved: { label: "Reserved", tone: "warn" },
  available: { label: "Available", tone: "ok" },
  held: { label: "Held", tone: "warn" },
  out_of_service: { label: "Out of service", tone: "danger" },
};

function stateOf(bed: OccupancyBed): BedState {
  if (bed.occupant) return "occupied";
  if (bed.status !== "available") return bed.status;
  return bed.upcomingMoveIn ? "reserved" : "available";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const board = await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseOccupancy(tx, houseId, { withinDays: WINDOW_DAYS })));
  const tz = board.house.timeZone;
  const orgBase = `/o/${ctx.org.slug}`;
  const day = (d: string) => formatDay(d, tz, "EEE, MMM d");
  const person = (ref: { residentId: string; displayName: string | null }) => ({
    name: ref.displayName ?? "Resident",
    href: `${orgBase}/residents/${ref.residentId}`,
  });
  const bedNames = new Map<string, string>();
  for (const room of board.rooms) for (const bed of room.beds) bedNames.set(bed.id, `${room.name}, bed ${bed.label}`);
  const archived = board.house.status !== "active";
  const canAdmit = can(ctx.role, "stays:write") && !archived;
  return {
    orgBase,
    house: { id: board.house.id, name: board.house.name, archived, timeZone: tz },
    today: formatDay(board.today, tz),
    windowDays: WINDOW_DAYS,
    canWrite: can(ctx.role, "houses:write"),
    canSetStatus: can(ctx.role, "beds:status"),
    counts: { ...board.counts, occupancy: percent(board.counts.occupancyPct) },
    rooms: board.rooms.map((room) => ({
      id: room.id,
      name: room.name,
      beds: room.beds.map((bed) => {
        const state = stateOf(bed);
        return {
          id: bed.id,
          label: bed.label,
          child: bed.kind === "child",
          accessible: bed.accessible,
          status: bed.status,
          statusLabel: BED_STATUS_LABELS[bed.status],
          statusReason: bed.statusReason,
          state,
          occupant: bed.occupant
            ? {
                ...person(bed.occupant),
                // Discharge and transfer live on the stay's page; the board links straight to them.
                stayHref: canAdmit ? `${orgBase}/stays/${bed.occupant.stayId}` : null,
                moveIn: formatDay(bed.occupant.moveIn, tz),
                moveOut: bed.occupant.moveOut ? `${day(bed.occupant.moveOut)} (${relativeDay(bed.occupant.moveOut, board.today)})` : null,
              }
            : null,
          upcoming: bed.upcomingMoveIn
            ? {
                ...person(bed.upcomingMoveIn),
                moveIn: `${day(bed.upcomingMoveIn.moveIn)} (${relativeDay(bed.upcomingMoveIn.moveIn, board.today)})`,
              }
            : null,
          admitHref: canAdmit && state === "available" ? `${orgBase}/admit?bedId=${bed.id}` : null,
        };
      }),
    })),
    moveIns: board.moveIns.map((m) => ({
      stayId: m.stayId,
      when: day(m.moveIn),
      relative: relativeDay(m.moveIn, board.today),
      bed: m.transfer
        ? `moves to ${bedNames.get(m.bedId) ?? ""} from ${m.fromBedId ? (bedNames.get(m.fromBedId) ?? "") : "another house"}`
        : (bedNames.get(m.bedId) ?? ""),
      ...person(m),
    })),
    moveOuts: board.moveOuts
      .filter((m) => m.moveOut)
      .sort((a, b) => (a.moveOut! < b.moveOut! ? -1 : a.moveOut! > b.moveOut! ? 1 : 0))
      .map((m) => ({
        stayId: m.stayId,
        when: day(m.moveOut!),
        relative: relativeDay(m.moveOut!, board.today),
        bed: m.toOtherHouse ? `${bedNames.get(m.bedId) ?? ""}, moves to another house` : (bedNames.get(m.bedId) ?? ""),
        ...person(m),
      })),
    admitHref: canAdmit ? `${orgBase}/admit` : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "beds:status");
  const houseId = houseIdParam(params);
  const formData = await request.formData();
  if (formData.get("intent") !== BED_STATUS_INTENT) return respond({ formId: "none", error: "That action isn't available here." }, 400);
  const submission = parseForm(formData, bedStatusSchema);
  const formId = submission.status === "success" ? bedStatusFormId(submission.value.bedId) : bedStatusFormId(String(formData.get("bedId")).slice(0, 40));
  if (submission.status !== "success") return invalid(formId, submission);
  const { bedId, status, reason } = submission.value;
  return attempt(
    formId,
    submission,
    async () => {
      await withTenant(ctx.tenant, async (tx) => {
        await requireBedInHouse(tx, houseId, bedId);
        await setBedStatus(tx, { bedId, status, reason });
      });
      return `Bed status changed to ${BED_STATUS_LABELS[status].toLowerCase()}.`;
    },
    { fields: ["status", "reason"] },
  );
}

export default function HouseBoard() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { house, counts, rooms, orgBase } = data;
  const houseBase = `${orgBase}/houses/${house.id}`;
  const noBeds = rooms.every((r) => r.beds.length === 0);
  return (
    <>
      <PageHeader
        title={house.name}
        description={`Occupancy board for ${data.today}.`}
        actions={
          data.canWrite || data.admitHref ? (
            <>
              {data.admitHref ? (
                <Link to={data.admitHref} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3 font-medium text-white no-underline hover:bg-brand-800">
                  Admit a resident
                </Link>
              ) : null}
              {data.canWrite ? (
                <>
              <Link to={`${houseBase}/rooms`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline text-ink hover:bg-stone-100">
                Rooms and beds
              </Link>
              <Link to={`${houseBase}/edit`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline text-ink hover:bg-stone-100">
                Edit house
              </Link>
                </>
              ) : null}
            </>
          ) : null
        }
      />
      <p className="-mt-4 mb-4 text-sm">
        <Link to={`${orgBase}/houses`}>All houses</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={actionData?.error} />
      {house.archived ? (
        <div className="mb-4">
          <FormMessage>This house is archived: it is not counted in occupancy and takes no admissions.</FormMessage>
        </div>
      ) : null}

      <section aria-labelledby="summary" className="mb-6">
        <h2 id="summary" className="sr-only">
          Summary
        </h2>
        <Stats
          label="Beds today"
          items={[
            { label: "Beds", value: counts.beds, hint: counts.childBeds ? `+ ${counts.childBeds} for children` : undefined },
            { label: "Occupied", value: counts.occupied },
            { label: "Available", value: counts.vacant, hint: counts.reserved ? `${counts.reserved} reserved` : undefined },
            { label: "Held", value: counts.held },
            { label: "Out of service", value: counts.outOfService },
            { label: "Occupancy", value: counts.occupancy, hint: "of beds in service" },
          ]}
        />
      </section>

      <section aria-labelledby="upcoming" className="mb-6 rounded-lg border border-line bg-white p-4">
        <h2 id="upcoming" className="mb-3 font-semibold">
          Upcoming move-ins and move-outs <span className="font-normal text-muted">(next {data.windowDays} days)</span>
        </h2>
        {data.moveIns.length === 0 && data.moveOuts.length === 0 ? (
          <p className="text-muted">No move-ins or move-outs are planned in the next {data.windowDays} days.</p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">
            <MoveList title="Move-ins" items={data.moveIns} empty="No planned move-ins." />
            <MoveList title="Move-outs" items={data.moveOuts} empty="No planned move-outs." />
          </div>
        )}
      </section>

      {noBeds ? (
        <EmptyState title="This house has no beds yet">
          {data.canWrite
            ? "Add rooms and beds under “Rooms and beds”: the board, vacancies and admissions all start from them."
            : "An owner, administrator or house manager adds rooms and beds. The board fills in once they do."}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {rooms.map((room) => (
            <section key={room.id} aria-labelledby={`room-${room.id}`}>
              <h2 id={`room-${room.id}`} className="mb-2 text-lg font-semibold">
                {room.name}
              </h2>
              {room.beds.length === 0 ? (
                <p className="text-muted">No beds in this room.</p>
              ) : (
                <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                  {room.beds.map((bed) => (
                    <li key={bed.id} className="flex flex-col gap-2 rounded-lg border border-line bg-white p-3">
                      <div className="flex flex-wrap items-center gap-2">
                        <h3 className="text-base font-semibold">Bed {bed.label}</h3>
                        <Badge tone={STATE[bed.state].tone}>{STATE[bed.state].label}</Badge>
                        {bed.accessible ? <Badge tone="muted">Accessible</Badge> : null}
                        {bed.child ? <Badge tone="muted">Child’s bed</Badge> : null}
                      </div>
                      {bed.occupant ? (
                        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-sm">
                          <dt className="text-muted">Resident</dt>
                          <dd>
                            <Link to={bed.occupant.href}>{bed.occupant.name}</Link>
                          </dd>
                          <dt className="text-muted">Moved in</dt>
                          <dd>{bed.occupant.moveIn}</dd>
                          {bed.occupant.moveOut ? (
                            <>
                              <dt className="text-muted">Planned move-out</dt>
                              <dd>{bed.occupant.moveOut}</dd>
                            </>
                          ) : null}
                        </dl>
                      ) : null}
                      {bed.occupant?.stayHref ? (
                        <p className="flex flex-wrap gap-x-4 text-sm">
                          <Link to={`${bed.occupant.stayHref}#transfer-card`} className="inline-flex min-h-11 items-center font-medium">
                            Transfer<span className="sr-only"> {bed.occupant.name} from {room.name}, bed {bed.label}</span>
                          </Link>
                          <Link to={`${bed.occupant.stayHref}#discharge-card`} className="inline-flex min-h-11 items-center font-medium">
                            Discharge<span className="sr-only"> {bed.occupant.name} from {room.name}, bed {bed.label}</span>
                          </Link>
                        </p>
                      ) : null}
                      {bed.status !== "available" && bed.statusReason ? (
                        <p className="text-sm">{`Reason: ${bed.statusReason}`}</p>
                      ) : null}
                      {bed.upcoming ? (
                        <p className="text-sm">
                          <span className="text-muted">Planned move-in: </span>
                          <Link to={bed.upcoming.href}>{bed.upcoming.name}</Link>, {bed.upcoming.moveIn}
                        </p>
                      ) : null}
                      {bed.admitHref ? (
                        <p>
                          <Link to={bed.admitHref} className="font-medium">
                            Admit someone<span className="sr-only"> to {room.name}, bed {bed.label}</span>
                          </Link>
                        </p>
                      ) : null}
                      {data.canSetStatus ? (
                        <details className="mt-auto text-sm" open={actionData?.formId === bedStatusFormId(bed.id) && Boolean(actionData.error)}>
                          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
                            Change status<span className="sr-only"> of {room.name}, bed {bed.label}</span>
                          </summary>
                          <BedStatusForm
                            bed={{ id: bed.id, label: bed.label, status: bed.status, statusReason: bed.statusReason }}
                            lastResult={actionData?.formId === bedStatusFormId(bed.id) ? actionData.result : null}
                          />
                        </details>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      )}
    </>
  );
}

function MoveList({
  title,
  items,
  empty,
}: {
  title: string;
  items: { stayId: string; when: string; relative: string; bed: string; name: string; href: string }[];
  empty: string;
}) {
  return (
    <div>
      <h3 className="mb-1 font-medium">{title}</h3>
      {items.length === 0 ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {items.map((m) => (
            <li key={m.stayId}>
              <span className="font-medium">{m.when}</span> <span className="text-muted">({m.relative})</span>
              <br />
              <Link to={m.href}>{m.name}</Link> · {m.bed}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
