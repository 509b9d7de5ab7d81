import type { Role } from "#app/db/schema";
import { can } from "#app/domain/permissions";
import type { getHouseOccupancy } from "#app/domain/houses/occupancy.server";
import { BED_STATUS_LABELS } from "#app/domain/houses/schemas";
import { formatDay, relativeDay } from "#app/lib/dates";
import { percent } from "#app/ui/occupancy";
import { stateOf } from "./bed-card";
import { houseSections } from "#app/ui/house-nav";

/** The board as the page shows it: words and links, for what this role may open. */
export function boardView(board: Awaited<ReturnType<typeof getHouseOccupancy>>, ctx: { role: Role; org: { slug: string } }, windowDays: number) {
  const tz = board.house.timeZone;
  const orgBase = `/o/${ctx.org.slug}`;
  const day = (d: string) => formatDay(d, "EEE, MMM d");
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
    today: formatDay(board.today, "EEE, MMM d, yyyy"),
    windowDays,
    canWrite: can(ctx.role, "houses:write"),
    sections: houseSections(ctx.role),
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
                moveIn: formatDay(bed.occupant.moveIn, "EEE, MMM d, yyyy"),
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
