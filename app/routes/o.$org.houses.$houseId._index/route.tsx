import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getHouseOccupancy } from "#app/domain/houses/occupancy.server";
import { BED_STATUS_INTENT, bedStatusFormId } from "#app/ui/bed-status-form";
import { bedStatusConstraint, bedStatusIntent } from "#app/ui/bed-status.server";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { Stats } from "#app/ui/occupancy";
import { HouseNav } from "#app/ui/house-nav";
import { EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { pageErrorOf } from "#app/ui/page-error";
import { BedCard, MoveList } from "./bed-card";
import { boardView } from "./board.server";

/** The occupancy board of one house: rooms → beds, who is where, and what changes soon. */

const WINDOW_DAYS = 14;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.house.name} · Hearth` : "House · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const board = await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseOccupancy(tx, houseId, { withinDays: WINDOW_DAYS })), NOT_FOUND.house);
  return { ...boardView(board, ctx, WINDOW_DAYS), bedStatusConstraint };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "beds:status");
  return runIntent(await request.formData(), { [BED_STATUS_INTENT]: bedStatusIntent(ctx.tenant, houseIdParam(params)) });
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
          data.admitHref ? (
            <Link to={data.admitHref} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3 font-medium text-white no-underline hover:bg-brand-800">
              Admit a resident
            </Link>
          ) : null
        }
      />
      <p className="-mt-4 mb-4 text-sm">
        <Link to={`${orgBase}/houses`}>All houses</Link>
      </p>
      <HouseNav houseBase={houseBase} sections={data.sections} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, data.canSetStatus ? rooms.flatMap((r) => r.beds.map((b) => bedStatusFormId(b.id))) : [])} />
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
                    <BedCard key={bed.id} room={room} bed={bed} canSetStatus={data.canSetStatus} statusConstraint={data.bedStatusConstraint} actionData={actionData} />
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

