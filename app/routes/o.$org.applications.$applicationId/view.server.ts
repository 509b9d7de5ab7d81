import type { OrgContext } from "#app/auth/guard.server";
import type { ApplicationStatus } from "#app/db/schema";
import { withTenant } from "#app/db/tenant.server";
import { viewApplication } from "#app/domain/admissions/intake.server";
import { listFreeBeds } from "#app/domain/admissions/queries.server";
import {
  AdmitApplicationInput,
  APPLICATION_STATUS_LABELS,
  APPLICATION_TRANSITIONS,
  ApplicationIntakeInput,
  ApplicationScreeningNoteInput,
  ApplicationStatusInput,
  MOUD_LABELS,
  PAYER_LABELS,
  REFERRAL_SOURCE_LABELS,
} from "#app/domain/admissions/schemas";
import { can } from "#app/domain/permissions";
import { formatDay, formatDayOr, formatInZone, todayIn } from "#app/lib/dates";
import { bedGroups, bookingDates, DATES_CHANGED_MESSAGE } from "#app/ui/booking.server";
import { formConstraint } from "#app/ui/constraint";
import { orErrorPage } from "#app/ui/forms.server";
import { NOT_FOUND } from "#app/ui/params.server";

/** Statuses from which an application can be admitted (a waitlisted one is accepted on the way). */
const READY: readonly ApplicationStatus[] = ["accepted", "waitlisted"];

function statusLabel(from: ApplicationStatus, to: ApplicationStatus): string {
  if (to === "screening") return from === "new" ? "Start screening" : from === "declined" ? "Reopen for screening" : "Move back to screening";
  if (to === "accepted") return "Accept";
  if (to === "waitlisted") return from === "accepted" ? "Move to the waitlist" : "Add to the waitlist";
  return APPLICATION_STATUS_LABELS[to];
}

/** The application page: the application in words, the moves this role may make, and the admission form's beds. */
export async function applicationView(ctx: OrgContext, applicationId: string, url: URL) {
  const tz = ctx.org.timeZone;
  const canWrite = can(ctx.role, "applications:write");
  const canAdmit = canWrite && can(ctx.role, "stays:write");
  const { app, intake, admit } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      // The application, its screening log and, for the staff of its house, the MOUD answer (audited).
      const { intake, ...app } = await viewApplication(tx, applicationId);
      if (!canAdmit || !READY.includes(app.status)) return { app, intake, admit: null };
      // Today in the preferred house (the org's for "any house"), from the row already read.
      const today = todayIn(app.houseTimeZone ?? tz);
      const dates = bookingDates(url, { from: app.desiredMoveIn && app.desiredMoveIn > today ? app.desiredMoveIn : today });
      // Dates that make no sense offer no beds (the form says why).
      const beds = dates.problem ? [] : await listFreeBeds(tx, { from: dates.from, to: dates.to });
      return { app, intake, admit: { dates, beds } };
    }),
    NOT_FOUND.application,
  );
  const transitions = canWrite ? APPLICATION_TRANSITIONS[app.status] : [];
  return {
    application: {
      id: app.id,
      name: app.applicantName,
      status: app.status,
      statusLabel: APPLICATION_STATUS_LABELS[app.status],
      statusChanged: formatInZone(app.statusChangedAt, tz, "MMM d, yyyy"),
      received: formatInZone(app.createdAt, tz, "MMM d, yyyy, h:mm a"),
      via: app.submittedVia === "public" ? "the online application form" : "staff",
      phone: app.phone,
      email: app.email,
      referral: REFERRAL_SOURCE_LABELS[app.referralSource],
      referralDetail: app.referralDetail,
      desiredMoveIn: formatDayOr(app.desiredMoveIn, "Not given"),
      house: app.houseName ?? "Any house",
      needs: app.needs,
      declineReason: app.declineReason,
      residentId: app.admittedResidentId,
    },
    /** The intake facts as stored (form defaults) and in words (for readers). */
    intake: {
      referralSource: app.referralSource,
      referralDetail: app.referralDetail ?? "",
      needs: app.needs ?? "",
      recoveryDate: app.recoveryDate ?? "",
      recoveryDateLabel: formatDayOr(app.recoveryDate, "Not shared"),
      payer: app.payer ?? "",
      payerLabel: app.payer ? PAYER_LABELS[app.payer] : "Not known yet",
      sponsorName: app.sponsorName ?? "",
      sponsorPhone: app.sponsorPhone ?? "",
      probationContactName: app.probationContactName ?? "",
      probationContactPhone: app.probationContactPhone ?? "",
    },
    moud: intake.moud.access
      ? {
          access: true as const,
          mayEdit: intake.moud.mayEdit,
          answer: intake.moud.answer ?? "",
          answerLabel: intake.moud.answer ? MOUD_LABELS[intake.moud.answer] : "Not asked yet",
          recorded: intake.moud.recordedAt
            ? `Recorded ${formatInZone(intake.moud.recordedAt, tz, "MMM d, yyyy")}${intake.moud.recordedByName ? ` by ${intake.moud.recordedByName}` : ""}.`
            : null,
        }
      : { access: false as const },
    log: intake.log.map((n) => ({ id: n.id, body: n.body, author: n.authorName, at: formatInZone(n.createdAt, tz, "MMM d, yyyy, h:mm a") })),
    canWrite,
    /** The forms' HTML constraints: they are checked in the action only (ADR 029), so the page ships no zod. */
    constraints: {
      intake: formConstraint(ApplicationIntakeInput),
      screeningNote: formConstraint(ApplicationScreeningNoteInput),
      decline: formConstraint(ApplicationStatusInput),
      admit: formConstraint(AdmitApplicationInput),
    },
    moves: transitions.filter((s) => s !== "declined").map((s) => ({ status: s, label: statusLabel(app.status, s) })),
    canDecline: transitions.includes("declined"),
    admit: admit && {
      moveInDate: admit.dates.from,
      expectedMoveOutDate: admit.dates.to,
      summary: `from ${formatDay(admit.dates.from)}${admit.dates.to ? ` to ${formatDay(admit.dates.to)}` : " (open-ended)"}`,
      moveInLabel: formatDay(admit.dates.from),
      problem: admit.dates.problem,
      datesChanged: url.searchParams.has("datesChanged") ? DATES_CHANGED_MESSAGE : null,
      bedGroups: bedGroups(admit.beds, app.houseId),
    },
  };
}
