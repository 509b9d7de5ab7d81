import { Link } from "@remix-run/react";
import { ChoreStateBadge } from "#app/ui/chore-state";
import { Badge } from "#app/ui/occupancy";
import type { HouseDetail, HouseSummaryLine } from "./view.server";

/** Everything one house needs today (the manager's view). */
export function HouseToday({ h, orgBase, moveDays }: { h: HouseDetail; orgBase: string; moveDays: number }) {
  return (
    <section key={h.id} aria-labelledby={`house-${h.id}`} className="rounded-lg border border-line bg-white p-4">
      <h2 id={`house-${h.id}`} className="text-lg font-semibold">
        <Link to={h.base}>{h.name}</Link>
      </h2>
      <p className="mb-3 text-sm text-muted">{h.dayLabel}</p>

      <h3 className="mt-4 font-semibold">Chores</h3>
      {h.chores.length === 0 ? (
        <p className="text-sm text-muted">No chores are assigned for today.</p>
      ) : (
        <>
          <p className="text-sm">
            {`Today: ${h.choreCounts.verified} verified · ${h.choreCounts.done} done, waiting to be checked · ${h.choreCounts.notYet} not done yet (of ${h.choreCounts.total})`}
          </p>
          <ul className="mt-1 divide-y divide-line text-sm">
            {h.chores.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-x-2 py-2">
                <span className="font-medium">{c.name}</span>
                <span>{c.resident}</span>
                <ChoreStateBadge state={c.state} />
                {c.yesterday ? <span className="text-muted">(yesterday)</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="text-sm">
        <Link to={`${h.base}/chores`} className="inline-flex min-h-11 items-center">
          Check chores<span className="sr-only"> at {h.name}</span>
        </Link>
      </p>

      <h3 className="mt-4 font-semibold">Sessions today</h3>
      {h.sessions.length === 0 ? (
        <p className="text-sm text-muted">No sessions today.</p>
      ) : (
        <ul className="divide-y divide-line text-sm">
          {h.sessions.map((s) => (
            <li key={s.key} className="py-2">
              <span className="font-medium">{s.title}</span> · {s.when}{" "}
              {s.status === "cancelled" ? <Badge tone="danger">Cancelled</Badge> : null}
              {s.status === "moved" ? <Badge tone="warn">Moved</Badge> : null}
              {s.href ? (
                <Link to={s.href} className="ml-1 inline-flex min-h-11 items-center font-medium">
                  Take attendance<span className="sr-only"> for {s.title} at {h.name}</span>
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h3 className="mt-4 font-semibold">Meetings this week</h3>
      {h.meetingTarget === null ? (
        <p className="text-sm text-muted">This house has no weekly meeting target.</p>
      ) : h.underTarget.length === 0 ? (
        <p className="text-sm">Everyone has logged {h.meetingTarget} or more meetings this week.</p>
      ) : (
        <>
          <p className="text-sm">Under the target of {h.meetingTarget} a week so far:</p>
          <ul className="text-sm">
            {h.underTarget.map((r) => (
              <li key={r.id} className="py-1">
                <Link to={`${orgBase}/residents/${r.id}`}>{r.name}</Link> · {r.logged} logged
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 className="mt-4 font-semibold">Documents to sign</h3>
      {h.unsigned.length === 0 ? (
        <p className="text-sm">Everyone has signed the current house documents.</p>
      ) : (
        <>
          <p className="text-sm">
            {h.unsigned.length} {h.unsigned.length === 1 ? "resident has" : "residents have"} documents to sign:
          </p>
          <ul className="text-sm">
            {h.unsigned.map((r) => (
              <li key={r.id} className="py-1">
                <Link to={`${orgBase}/residents/${r.id}`}>{r.name}</Link> · {r.missing} {r.missing === 1 ? "document" : "documents"}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="text-sm">
        <Link to={`${h.base}/documents`} className="inline-flex min-h-11 items-center">
          House documents<span className="sr-only"> of {h.name}</span>
        </Link>
      </p>

      <h3 className="mt-4 font-semibold">Referral follow-ups</h3>
      {h.followUps.length === 0 ? (
        <p className="text-sm text-muted">No follow-ups due.</p>
      ) : (
        <ul className="text-sm">
          {h.followUps.map((f) => (
            <li key={f.id} className="py-1">
              <Link to={f.href}>{f.name}</Link> · {f.text} · {f.due}
            </li>
          ))}
        </ul>
      )}

      <h3 className="mt-4 font-semibold">Safety checks</h3>
      {h.safetyDue.length === 0 ? (
        <p className="text-sm text-muted">No safety checks due.</p>
      ) : (
        <ul className="text-sm">
          {h.safetyDue.map((c) => (
            <li key={c.id} className="py-1">
              <Link to={`${h.base}/safety`}>{c.name}</Link> · {c.due}
            </li>
          ))}
        </ul>
      )}

      <h3 className="mt-4 font-semibold">Moves, today and the next {moveDays} days</h3>
      {h.moves.length === 0 ? (
        <p className="text-sm text-muted">No move-ins or move-outs are planned.</p>
      ) : (
        <ul className="text-sm">
          {h.moves.map((m) => (
            <li key={`${m.kind}-${m.id}`} className="flex flex-wrap items-baseline gap-x-2 py-1">
              <Badge tone={m.kind === "move_out" ? "info" : "ok"}>{m.label}</Badge>
              <span>{m.when}</span>
              <Link to={m.href}>{m.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The owner's summary: a line per house with what needs doing, each opening its detail. */
export function TodaySummary({ houses }: { houses: HouseSummaryLine[] }) {
  return (
    <ul className="divide-y divide-line rounded-lg border border-line bg-white">
      {houses.map((h) => (
        <li key={h.id} className="p-4">
          <h2 className="font-semibold">
            <Link to={h.href} className="inline-flex min-h-11 items-center">
              {h.name}
            </Link>
          </h2>
          <p className="text-sm text-muted">{h.dayLabel}</p>
          {h.needs.length === 0 ? (
            <p className="text-sm">Nothing needs doing today.</p>
          ) : (
            <ul className="mt-1 list-disc pl-5 text-sm">
              {h.needs.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
