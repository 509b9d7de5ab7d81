import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import type { ChoreState } from "#app/domain/chores/labels";
import { can } from "#app/domain/permissions";
import { managerToday, MOVE_DAYS } from "#app/domain/today/today.server";
import { formatDay, formatInZone, relativeDay } from "#app/lib/dates";
import { ChoreStateBadge } from "#app/ui/chore-state";
import { Badge } from "#app/ui/occupancy";
import { EmptyState, PageHeader } from "#app/ui/page";

/**
 * The manager's today (issue 10, capability 5; ADR 027): where house managers and staff
 * land, and a page owners and admins can open. Per house the caller may see (RLS), on the
 * house's local today: chores, sessions to take attendance for, residents under their
 * meeting target, unsigned documents, referral follow-ups and safety checks due, and the coming moves. Three statements in all
 * (today.server.ts), audited as one `today.listed` read.
 */
export const meta: MetaFunction = () => [{ title: "Today · Hearth" }];

const MOVE_LABELS = { move_in: "Moves in", move: "Moves to this house", move_out: "Moves out" } as const;
const CHORE_ORDER: ChoreState[] = ["missed", "sent_back", "done", "assigned", "verified"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houses = await withTenant(ctx.tenant, (tx) => managerToday(tx));
  const orgBase = `/o/${ctx.org.slug}`;
  return {
    orgBase,
    scoped: ctx.role === "house_manager" || ctx.role === "staff",
    canAddHouse: can(ctx.role, "houses:write"),
    moveDays: MOVE_DAYS,
    houses: houses.map((h) => {
      const base = `${orgBase}/houses/${h.id}`;
      const count = (s: ChoreState) => h.chores.filter((c) => c.day === h.today && c.state === s).length;
      return {
        id: h.id,
        name: h.name,
        base,
        dayLabel: formatDay(h.today, "EEEE, MMMM d"),
        choreCounts: { done: count("done"), verified: count("verified"), notYet: count("assigned") + count("sent_back"), total: h.chores.filter((c) => c.day === h.today).length },
        chores: h.chores
          .map((c) => ({ id: c.assignmentId, name: c.choreName, resident: c.residentName, state: c.state, yesterday: c.day !== h.today }))
          .sort((a, b) => Number(a.yesterday) - Number(b.yesterday) || CHORE_ORDER.indexOf(a.state) - CHORE_ORDER.indexOf(b.state)),
        sessions: h.sessions.map((o) => ({
          key: `${o.seriesId}:${o.occursOn}`,
          title: o.title,
          when: `${formatInZone(o.startsAt, o.timeZone, "h:mm a")} to ${formatInZone(o.endsAt, o.timeZone, "h:mm a")}`,
          status: o.status,
          href: o.status === "cancelled" ? null : `${base}/sessions/${o.seriesId}/${o.occursOn}`,
        })),
        meetingTarget: h.meetingTarget,
        underTarget: h.underTarget.map((r) => ({ id: r.residentId, name: r.residentName, logged: r.logged })),
        unsigned: h.unsigned.map((r) => ({ id: r.residentId, name: r.residentName, missing: r.missing })),
        followUps: h.followUps.map((f) => ({
          id: f.followupId,
          text: `${f.task} (${f.serviceName})`,
          due: f.dueOn < h.today ? `overdue since ${formatDay(f.dueOn, "MMM d")}` : "due today",
          name: f.residentName,
          href: `${orgBase}/residents/${f.residentId}/referrals/${f.referralId}`,
        })),
        safetyDue: h.safetyDue.map((c) => ({
          id: c.checkId,
          name: c.name,
          due: c.naloxoneExpiredOn
            ? `expired ${formatDay(c.naloxoneExpiredOn, "MMM d")}`
            : c.dueOn < h.today ? `overdue since ${formatDay(c.dueOn, "MMM d")}` : "due today",
        })),
        moves: h.moves.map((m) => ({
          id: m.stayId,
          label: MOVE_LABELS[m.kind],
          kind: m.kind,
          when: `${formatDay(m.date, "EEE, MMM d")} (${relativeDay(m.date, h.today)})`,
          name: m.residentName,
          href: `${orgBase}/stays/${m.stayId}`,
        })),
      };
    }),
  };
}

export default function TodayPage() {
  const { houses, orgBase, scoped, canAddHouse, moveDays } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Today" description="What each of your houses needs today, in the house’s own time zone." />
      {houses.length === 0 ? (
        <EmptyState title={scoped ? "You aren't assigned to a house yet" : "No active houses yet"}>
          {scoped ? (
            canAddHouse ? (
              <>
                Setting up a house you run? <Link to={`${orgBase}/houses/new`}>Add a house</Link>: you'll be assigned to it. Otherwise, ask an owner
                or administrator to assign you to the houses you work in.
              </>
            ) : (
              "Ask an owner or administrator to assign you to the houses you work in."
            )
          ) : (
            <>
              Add a house under <Link to={`${orgBase}/houses`}>Houses</Link>.
            </>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {houses.map((h) => (
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
          ))}
        </div>
      )}
    </div>
  );
}
