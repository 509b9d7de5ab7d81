import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { inviteSchema, noteSchema, NOTE_MESSAGES } from "./forms.server";
import { intakeView } from "./view.server";
import { PortalCard, ProfileCard, StaffNotes, StayHistory, WhereTheyLive } from "./cards";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { addScreeningNote, getResidentIntake, updateResidentIntake } from "#app/domain/admissions/intake.server";
import { DISCHARGE_REASON_LABELS } from "#app/domain/admissions/labels";
import { useFormKeys } from "#app/ui/form-keys";
import { IntakeSection } from "#app/ui/intake-section";
import { residentIntakeFormSchema, residentLogFormSchema } from "#app/ui/intake-forms.server";
import { formConstraint } from "#app/ui/constraint";
import { usePostAction } from "#app/ui/post-action";
import { getResidentFile } from "#app/domain/residents/directory.server";
import { createResidentInvite } from "#app/domain/residents/portal-invite.server";
import { addStaffNote } from "#app/domain/residents/residents.server";
import { stayHistoryWords } from "#app/domain/admissions/stay-status";
import { formatDateTime, formatDay } from "#app/lib/dates";
import { isoDate } from "#app/lib/fields";
import { forbidden } from "#app/lib/http.server";
import { Button, FormMessage } from "#app/ui/form";
import { PageHeader } from "#app/ui/page";
import { takeFlash } from "#app/ui/flash.server";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { pageErrorOf } from "#app/ui/page-error";

// Never the resident's name in the title (browser history, shared screens).
export const meta: MetaFunction = () => [{ title: "Resident · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  // One read (profile, stays, notes if allowed, portal invite) and its audit event.
  const file = await orErrorPage(withTenant(ctx.tenant, (tx) => getResidentFile(tx, ctx.role, residentId)), NOT_FOUND.resident);
  // The staff-only intake section; the MOUD answer only for the staff of their house (audited).
  const intake = await orErrorPage(withTenant(ctx.tenant, (tx) => getResidentIntake(tx, residentId)), NOT_FOUND.resident);
  const { flash, headers } = takeFlash(request, ["saved", "cancelled"]);
  const tz = ctx.org.timeZone;
  const p = file.profile;
  const canWrite = can(ctx.role, "residents:write");
  const current = file.stays.find((s) => s.status === "current") ?? null;
  const planned = file.stays.filter((s) => s.status === "planned").at(-1) ?? null;
  const url = new URL(request.url);
  const canStay = can(ctx.role, "stays:write");
  // Landing after "Cancel this move-in": say so, and offer to book the same bed and dates again.
  const rebook = z
    .object({ bedId: z.uuid(), moveInDate: isoDate, expectedMoveOutDate: isoDate.nullable().catch(null) })
    .safeParse({ bedId: url.searchParams.get("bedId"), moveInDate: url.searchParams.get("moveInDate"), expectedMoveOutDate: url.searchParams.get("expectedMoveOutDate") });
  const cancelled = flash === "cancelled";
  return data({
    base: `/o/${ctx.org.slug}`,
    saved: flash === "saved",
    cancelled: cancelled ? { rebook: canStay && rebook.success && !current && !planned ? rebook.data : null } : null,
    canWrite,
    canStay, canConsents: can(ctx.role, "consents:manage"),
    /** Someone with no current or planned stay can be admitted (from /admit, prefilled). */
    canAdmit: canStay && !current && !planned,
    profile: {
      id: p.id,
      name: p.displayName,
      legalName: p.legalName,
      preferredName: p.preferredName,
      pronouns: p.pronouns,
      dateOfBirth: p.dateOfBirth ? formatDay(p.dateOfBirth) : null,
      phone: p.phone,
      email: p.email,
      emergencyContact: p.emergencyContact,
      recoveryStartDate: p.recoveryStartDate ? formatDay(p.recoveryStartDate) : null,
    },
    current: current
      ? { stayId: current.id, house: current.houseName, bed: `${current.roomName}, bed ${current.bedLabel}`, moveIn: formatDay(current.moveIn), expectedMoveOut: current.moveOut ? formatDay(current.moveOut) : null }
      : null,
    planned: planned ? { stayId: planned.id, house: planned.houseName, bed: `${planned.roomName}, bed ${planned.bedLabel}`, moveIn: formatDay(planned.moveIn) } : null,
    stays: file.stays.map((s) => ({
      id: s.id,
      house: s.houseName,
      bed: `${s.roomName}, bed ${s.bedLabel}`,
      moveIn: formatDay(s.moveIn),
      moveOut: s.moveOut ? formatDay(s.moveOut) : null,
      status: stayHistoryWords({ ...s, dischargeReasonLabel: s.dischargeReason ? DISCHARGE_REASON_LABELS[s.dischargeReason] : null }),
    })),
    notes: file.notes?.map((n) => ({ id: n.id, body: n.body, author: n.authorName ?? "Former team member", at: formatDateTime(n.createdAt, tz) })) ?? null,
    // The forms are checked in the action only (ADR 029): their HTML constraints come from here.
    noteConstraint: formConstraint(noteSchema),
    intake: intakeView(intake, tz),
    portal: {
      hasAccount: p.hasAccount,
      hasEmail: Boolean(p.email),
      pendingUntil: file.pendingInvite ? formatDateTime(file.pendingInvite.expiresAt, tz) : null,
      canInvite: canWrite && !p.hasAccount && Boolean(p.email),
    },
  }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  return runIntent(await request.formData(), {
    "add-note": intent({
      schema: noteSchema,
      formId: "note",
      fields: ["body"],
      messages: NOTE_MESSAGES,
      resetForm: true,
      notFoundMessage: NOT_FOUND.resident,
      run: async ({ body }) => {
        if (!can(ctx.role, "residents:notes")) forbidden("You don't have access to staff notes.");
        await withTenant(ctx.tenant, (tx) => addStaffNote(tx, ctx.role, { residentId, body }));
        return "Note added.";
      },
    }),
    intake: intent({
      schema: residentIntakeFormSchema,
      formId: "intake",
      fields: ["moud"],
      notFoundMessage: NOT_FOUND.resident,
      run: async ({ intent: _intent, ...facts }) => {
        await withTenant(ctx.tenant, (tx) => updateResidentIntake(tx, { residentId, ...facts }));
        return "Intake details saved.";
      },
    }),
    "screening-note": intent({
      schema: residentLogFormSchema,
      formId: "screening-note",
      fields: ["body"],
      resetForm: true,
      notFoundMessage: NOT_FOUND.resident,
      run: async ({ body }) => {
        await withTenant(ctx.tenant, (tx) => addScreeningNote(tx, { residentId, body }));
        return "Added to the screening log.";
      },
    }),
    invite: intent({
      schema: inviteSchema,
      formId: "invite",
      button: true,
      notFoundMessage: NOT_FOUND.resident,
      run: async () => {
        if (!can(ctx.role, "residents:write")) forbidden("You don't have permission to invite residents.");
        await withTenant(ctx.tenant, (tx) => createResidentInvite(tx, { residentId, invitedBy: ctx.user.id }));
        return "Invitation sent. The link works once and expires in 7 days.";
      },
    }),
  });
}

export default function ResidentPage() {
  const { base, saved, cancelled, canWrite, canStay, canConsents, canAdmit, profile, current, planned, stays, notes, noteConstraint, intake, portal } = useLoaderData<typeof loader>();
  const admitHref = `${base}/admit?residentId=${profile.id}`;
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const pageError = pageErrorOf(actionData, [notes && "note", intake.mayEdit && "intake", intake.mayEdit && "screening-note"]);
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  // This is an index route: its forms post to the page's own address, never "?index".
  const postAction = usePostAction();
  return (
    <>
      <PageHeader
        title={profile.name}
        description={profile.pronouns ? `Pronouns: ${profile.pronouns}` : undefined}
        actions={
          canWrite ? (
            <Link
              to={`${base}/residents/${profile.id}/edit`}
              className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-4 py-2 font-medium text-ink no-underline hover:bg-stone-100"
            >
              Edit<span className="sr-only"> profile</span>
            </Link>
          ) : null
        }
      />
      <p className="-mt-4 mb-4 text-sm">
        <Link to={`${base}/residents`}>All residents</Link> · <Link to={`${base}/residents/${profile.id}/plan`}>Recovery plan</Link> · <Link to={`${base}/residents/${profile.id}/referrals`}>Referrals</Link>
        {canConsents ? <> · <Link to={`${base}/residents/${profile.id}/consents`}>Consents and disclosures</Link></> : null}
      </p>
      <div className="space-y-6">
        <div aria-live="polite">
          {saved ? <FormMessage kind="ok">Profile saved.</FormMessage> : null}
          {cancelled ? (
            <FormMessage kind="ok">
              Move-in cancelled. The bed is free for those dates.
              {cancelled.rebook ? (
                <Form method="post" action={`${base}/admit`} className="mt-2">
                  <input type="hidden" name="residentId" value={profile.id} />
                  <input type="hidden" name="bedId" value={cancelled.rebook.bedId} />
                  <input type="hidden" name="moveInDate" value={cancelled.rebook.moveInDate} />
                  {cancelled.rebook.expectedMoveOutDate ? (
                    <input type="hidden" name="expectedMoveOutDate" value={cancelled.rebook.expectedMoveOutDate} />
                  ) : null}
                  <Button type="submit" variant="secondary">
                    Undo: book it again
                  </Button>
                </Form>
              ) : null}
            </FormMessage>
          ) : null}
          {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
        </div>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}

        <WhereTheyLive base={base} current={current} planned={planned} canStay={canStay} admitHref={canAdmit ? admitHref : null} />
        <ProfileCard profile={profile} />
        <StayHistory base={base} stays={stays} admitHref={canAdmit ? admitHref : null} />
        <IntakeSection
          intake={intake}
          intakeKey={keyFor("intake")}
          logKey={keyFor("screening-note")}
          intakeResult={resultFor("intake")}
          logResult={resultFor("screening-note")}
        />

        {notes ? <StaffNotes key={keyFor("note")} notes={notes} constraint={noteConstraint} lastResult={resultFor("note")} action={postAction} /> : null}

        <PortalCard portal={portal} action={postAction} />
      </div>
    </>
  );
}

