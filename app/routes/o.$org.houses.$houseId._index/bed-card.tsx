import { Link } from "@remix-run/react";
import type { OccupancyBed } from "#app/domain/houses/occupancy.server";
import { BedStatusForm, bedStatusFormId } from "#app/ui/bed-status-form";
import type { FormConstraint } from "#app/ui/constraint";
import type { FormActionData } from "#app/ui/forms.server";
import { Badge, type Tone } from "#app/ui/occupancy";

type BedState = "occupied" | "reserved" | "available" | "held" | "out_of_service";
const STATE: Record<BedState, { label: string; tone: Tone }> = {
  occupied: { label: "Occupied", tone: "info" },
  reserved: { label: "Reserved", tone: "warn" },
  available: { label: "Available", tone: "ok" },
  held: { label: "Held", tone: "warn" },
  out_of_service: { label: "Out of service", tone: "danger" },
};

export function stateOf(bed: OccupancyBed): BedState {
  if (bed.occupant) return "occupied";
  if (bed.status !== "available") return bed.status;
  return bed.upcomingMoveIn ? "reserved" : "available";
}

type Room = { id: string; name: string };
type Bed = {
  id: string;
  label: string;
  child: boolean;
  accessible: boolean;
  status: "available" | "held" | "out_of_service";
  statusReason: string | null;
  state: BedState;
  occupant: { name: string; href: string; stayHref: string | null; moveIn: string; moveOut: string | null } | null;
  upcoming: { name: string; href: string; moveIn: string } | null;
  admitHref: string | null;
};

/** One bed on the board: who is in it, what is planned, and what this role can do. */
export function BedCard({
  room,
  bed,
  canSetStatus,
  statusConstraint,
  actionData,
}: {
  room: Room;
  bed: Bed;
  canSetStatus: boolean;
  statusConstraint: FormConstraint;
  actionData: FormActionData | undefined;
}) {
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-line bg-white p-3">
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
      {canSetStatus ? (
        <details className="mt-auto text-sm" open={actionData?.formId === bedStatusFormId(bed.id) && Boolean(actionData.error)}>
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
            Change status<span className="sr-only"> of {room.name}, bed {bed.label}</span>
          </summary>
          <BedStatusForm
            bed={{ id: bed.id, label: bed.label, status: bed.status, statusReason: bed.statusReason }}
            constraint={statusConstraint}
            lastResult={actionData?.formId === bedStatusFormId(bed.id) ? actionData.result : null}
          />
        </details>
      ) : null}
    </li>
  );
}

export function MoveList({
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
