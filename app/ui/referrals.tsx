import { Link } from "@remix-run/react";
import type { ReferralStatus } from "#app/db/schema";
import { REFERRAL_OUTCOME_LABELS, REFERRAL_STATUS_LABELS, REFERRAL_URGENCY_LABELS } from "#app/domain/referrals/labels";
import type { ReferralListItem } from "#app/domain/referrals/referrals.server";
import { formatInZone } from "#app/lib/dates";

/**
 * Referrals as people read them (ADR 046), for staff and for the resident: a list item per
 * referral and the flow's steps with their times. Views are built in loaders (`referralView`)
 * so pages ship words, not the domain.
 */

export type ReferralView = {
  id: string;
  service: string;
  organization: string;
  goal: string | null;
  reason: string;
  urgency: string;
  status: string;
  statusCode: ReferralStatus;
  since: string;
  appointment: string | null;
  openFollowups: number;
};

const when = (iso: string, zone: string) => formatInZone(iso, zone, "MMM d, yyyy, h:mm a");

export function referralView(r: ReferralListItem, zone: string): ReferralView {
  return {
    id: r.id,
    service: r.serviceName,
    organization: r.organizationName,
    goal: r.goalTitle,
    reason: r.reason,
    urgency: REFERRAL_URGENCY_LABELS[r.urgency],
    status: r.status === "closed" && r.outcome ? `Closed: ${REFERRAL_OUTCOME_LABELS[r.outcome].toLowerCase()}` : REFERRAL_STATUS_LABELS[r.status],
    statusCode: r.status,
    since: when(r.statusAt, zone),
    appointment: r.appointmentAt ? `${when(r.appointmentAt, zone)}${r.appointmentPlace ? `, ${r.appointmentPlace}` : ""}` : null,
    openFollowups: r.openFollowups,
  };
}

/** One referral in a list; `href` links to its page (staff), none for the resident's own list. */
export function ReferralItem({ r, href }: { r: ReferralView; href?: string }) {
  return (
    <li id={`referral-${r.id}`} className="rounded-md border border-line p-3 text-sm">
      <p className="font-medium">{href ? <Link to={href}>{r.service}</Link> : r.service}</p>
      <p>{r.organization}</p>
      <p>
        <span className="font-medium">{r.status}</span> since {r.since}
      </p>
      {r.appointment ? <p>Appointment: {r.appointment}</p> : null}
      <p>Why: {r.reason}</p>
      {r.goal ? <p>For the goal: {r.goal}</p> : null}
      <p>How soon: {r.urgency}</p>
      {href && r.openFollowups > 0 ? <p>{r.openFollowups === 1 ? "1 follow-up to do" : `${r.openFollowups} follow-ups to do`}</p> : null}
    </li>
  );
}

/** The flow's steps, each with the time it was reached (from the history), the current one marked. */
export function StatusSteps({ steps }: { steps: { label: string; at: string | null; current: boolean }[] }) {
  return (
    <ol className="space-y-1 text-sm" aria-label="Steps">
      {steps.map((s) => (
        <li key={s.label} aria-current={s.current ? "step" : undefined} className={s.current ? "font-medium" : s.at ? "" : "text-muted"}>
          {s.label}: {s.at ?? "not yet"}
        </li>
      ))}
    </ol>
  );
}
