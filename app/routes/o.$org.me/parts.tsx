import { EmailLink, PhoneLink } from "#app/ui/contact-links";
import { Badge } from "#app/ui/occupancy";
import { Card } from "#app/ui/page";
import type { Place, WeekDay, WeekItem } from "./view.server";

function ItemLine({ item }: { item: WeekItem }) {
  if (item.type === "chore") {
    return (
      <>
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium">Chore: {item.title}</span>
          <Badge tone={item.badge.tone}>{item.badge.label}</Badge>
        </p>
        {item.detail ? <p className="text-sm text-muted">{item.detail}</p> : null}
      </>
    );
  }
  if (item.type === "session") {
    return (
      <>
        <p className="flex flex-wrap items-center gap-2">
          <span className={`font-medium ${item.status === "cancelled" ? "line-through" : ""}`}>{item.title}</span>
          {item.status === "cancelled" ? <Badge tone="danger">Cancelled</Badge> : null}
          {item.status === "moved" ? <Badge tone="warn">New time</Badge> : null}
          {item.optional ? <Badge tone="muted">Optional</Badge> : null}
        </p>
        <p className="text-sm">
          {item.time}
          {item.detail ? ` · ${item.detail}` : ""}
        </p>
      </>
    );
  }
  return (
    <>
      <p className="font-medium">{item.title}</p>
      <p className="text-sm text-muted">{item.detail}</p>
    </>
  );
}

/** One day of the resident's week: a heading and its chores, sessions and logged meetings. */
export function DayCard({ day, first }: { day: WeekDay; first: boolean }) {
  const id = `day-${day.date}`;
  return (
    <section aria-labelledby={id} className={`rounded-lg border bg-white p-4 ${first ? "border-brand-600" : "border-line"}`}>
      <h3 id={id} className="font-semibold">
        {day.relative === "today" || day.relative === "tomorrow" ? `${day.relative === "today" ? "Today" : "Tomorrow"} · ` : ""}
        {day.heading}
      </h3>
      {day.items.length === 0 ? (
        <p className="mt-1 text-sm text-muted">Nothing planned.</p>
      ) : (
        <ul className="mt-2 divide-y divide-line">
          {day.items.map((item) => (
            <li key={item.key} className="py-2">
              <ItemLine item={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PlaceDetails({ place, heading }: { place: Place; heading: string }) {
  return (
    <Card title={heading}>
      <p className="text-lg font-semibold">{place.house}</p>
      <address className="not-italic text-muted">
        {place.address.map((line) => (
          <span key={line} className="block">
            {line}
          </span>
        ))}
      </address>
      <dl className="mt-3 space-y-2">
        <div>
          <dt className="text-sm text-muted">Your room and bed</dt>
          <dd className="font-medium">{place.bed}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">Move-in</dt>
          <dd>{place.moveIn}</dd>
        </div>
        {place.moveOut ? (
          <div>
            <dt className="text-sm text-muted">Planned move-out</dt>
            <dd>{place.moveOut}</dd>
          </div>
        ) : null}
        {place.housePhone ? (
          <div>
            <dt className="text-sm text-muted">House phone</dt>
            <dd>
              <PhoneLink phone={place.housePhone} />
            </dd>
          </div>
        ) : null}
        {place.managers.length || !place.peerRun ? (
          <div>
            <dt className="text-sm text-muted">{place.managers.length === 1 ? "House manager" : "House managers"}</dt>
            <dd>
              {place.managers.length ? (
                <ul className="space-y-1">
                  {place.managers.map((m) => (
                    <li key={m.email}>
                      <span className="font-medium">{m.name}</span>
                      {m.phone ? (
                        <>
                          {" · "}
                          <PhoneLink phone={m.phone} />
                        </>
                      ) : null}
                      {" · "}
                      <EmailLink email={m.email} />
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-muted">No house manager is listed yet.</span>
              )}
            </dd>
          </div>
        ) : (
          <div>
            <dt className="text-sm text-muted">How the house is run</dt>
            <dd>This is a peer-run house: residents run it together.</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

