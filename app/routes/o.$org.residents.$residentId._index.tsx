import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { getResidentIntake } from "#app/domain/admissions/intake.server";
import { DISCHARGE_REASON_LABELS, MOUD_LABELS, PAYER_LABELS, REFERRAL_SOURCE_LABELS } from "#app/domain/admissions/schemas";
import { getResidentFile } from "#app/domain/residents/directory.server";
import { createResidentInvite } from "#app/domain/residents/portal-invite.server";
import { addStaffNote } from "#app/domain/residents/residents.server";
import { addScreeningNote, updateResidentIntake } from "#app/domain/admissions/intake.server";
import { IntakeSection, residentIntakeFormSchema, residentLogFormSchema, type ResidentIntakeView } from "#app/ui/intake-section";
import { useFormKeys } from "#app/ui/form-keys";
import { usePostAction } from "#app/ui/post-action";
import { formatDateTime } from "#app/lib/dates";
import { isoDate, text } from "#app/lib/fields";
import { forbidden } from "#app/lib/http.server";
import { Button, FormMessage } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { formatDay } from "#app/ui/format-day";
import { DataTable } from "#app/ui/data-table";
import { Card, PageHeader } from "#app/ui/page";
import { EmailLink, PhoneLink } from "#app/ui/contact-links";
import { takeFlash } from "#app/ui/flash.server";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { parseForm } from "#app/ui/parse-form";

// Never the resident's name in the title (browser history, shared screens).
export const meta: MetaFunction = () => [{ title: "Resident · Hearth" }];

const noteSchema = z.strictObject({ intent: z.literal("add-note"), body: text(4000) });
const inviteSchema = z.strictObject({ intent: z.literal("invite") });
const NOTE_MESSAGES = { body: "Write the note first." };

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
    canStay,
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
      status:
        s.status === "planned"
          ? "Planned move-in"
          : s.status === "current"
            ? s.moveOut
              ? "Living here (move-out planned)"
              : "Living here"
            : s.endType === "transfer"
              ? "Moved to another bed"
              : s.dischargeReason
                ? `Discharged: ${DISCHARGE_REASON_LABELS[s.dischargeReason]}`
                : "Moved out",
    })),
    notes: file.notes?.map((n) => ({ id: n.id, body: n.body, author: n.authorName ?? "Former team member", at: formatDateTime(n.createdAt, tz) })) ?? null,
    intake: intakeView(intake, tz),
    portal: {
      hasAccount: p.hasAccount,
      hasEmail: Boolean(p.email),
      pendingUntil: file.pendingInvite ? formatDateTime(file.pendingInvite.expiresAt, tz) : null,
      canInvite: canWrite && !p.hasAccount && Boolean(p.email),
    },
  }, { headers });
}

function intakeView(intake: Awaited<ReturnType<typeof getResidentIntake>>, tz: string): ResidentIntakeView {
  const f = intake.facts;
  const { moud } = intake;
  return {
    mayEdit: intake.mayEdit,
    facts: {
      referralSource: f?.referralSource ?? "",
      referralSourceLabel: f?.referralSource ? REFERRAL_SOURCE_LABELS[f.referralSource] : null,
      referralDetail: f?.referralDetail ?? "",
      needs: f?.needs ?? "",
      payer: f?.payer ?? "",
      payerLabel: f?.payer ? PAYER_LABELS[f.payer] : null,
      sponsorName: f?.sponsorName ?? "",
      sponsorPhone: f?.sponsorPhone ?? "",
      probationContactName: f?.probationContactName ?? "",
      probationContactPhone: f?.probationContactPhone ?? "",
      fromApplication: Boolean(f?.fromApplicationId),
    },
    moud: moud.access
      ? {
          access: true,
          mayEdit: moud.mayEdit,
          answer: moud.answer ?? "",
          answerLabel: moud.answer ? MOUD_LABELS[moud.answer] : "Not asked yet",
          recorded: moud.recordedAt ? `Recorded ${formatDateTime(moud.recordedAt, tz)}${moud.recordedByName ? ` by ${moud.recordedByName}` : ""}.` : null,
        }
      : { access: false },
    log: intake.log.map((n) => ({ id: n.id, body: n.body, author: n.authorName, at: formatDateTime(n.createdAt, tz) })),
  };
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
      notFoundMessage: NOT_FOUND.resident,
      run: async () => {
        if (!can(ctx.role, "residents:write")) forbidden("You don't have permission to invite residents.");
        await withTenant(ctx.tenant, (tx) => createResidentInvite(tx, { residentId, invitedBy: ctx.user.id }));
        return "Invitation sent. The link works once and expires in 7 days.";
      },
    }),
  });
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="font-medium text-muted">{label}</dt>
      <dd className="sm:col-span-2">{children ?? <span className="text-muted">Not recorded</span>}</dd>
    </div>
  );
}

const actionLink =
  "inline-flex min-h-11 items-center rounded-md border border-line bg-white px-4 py-2 font-medium text-ink no-underline hover:bg-stone-100";

export default function ResidentPage() {
  const { base, saved, cancelled, canWrite, canStay, canAdmit, profile, current, planned, stays, notes, intake, portal } = useLoaderData<typeof loader>();
  const admitHref = `${base}/admit?residentId=${profile.id}`;
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  // This is an index route: forms post to the page's own address, never "?index".
  const postAction = usePostAction();
  const ec = profile.emergencyContact;
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
        <Link to={`${base}/residents`}>All residents</Link>
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
        {actionData?.error && !["note", "intake", "screening-note"].includes(actionData.formId) ? <FormMessage>{actionData.error}</FormMessage> : null}

        <Card title="Where they live">
          {current ? (
            <>
              <p>
                <Link to={`${base}/stays/${current.stayId}`}>{current.house}</Link>, {current.bed}. Moved in {current.moveIn}
                {current.expectedMoveOut ? `; expected to move out ${current.expectedMoveOut}` : ""}.
              </p>
              {canStay ? (
                <p className="mt-3 flex flex-wrap gap-3">
                  <Link to={`${base}/stays/${current.stayId}#transfer-card`} className={actionLink}>
                    Transfer to another bed
                  </Link>
                  <Link to={`${base}/stays/${current.stayId}#discharge-card`} className={actionLink}>
                    Record a discharge
                  </Link>
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-muted">Not living in one of your houses right now.</p>
          )}
          {canAdmit ? (
            <p className="mt-3">
              <Link to={admitHref} className={actionLink}>
                Admit to a bed
              </Link>
            </p>
          ) : null}
          {planned ? (
            <p className="mt-2">
              Planned move-in: <Link to={`${base}/stays/${planned.stayId}`}>{planned.house}</Link>, {planned.bed}, on {planned.moveIn}.
            </p>
          ) : null}
        </Card>

        <Card title="Profile">
          <dl className="divide-y divide-line">
            <Detail label="Legal name">{profile.legalName}</Detail>
            <Detail label="Preferred name">{profile.preferredName}</Detail>
            <Detail label="Pronouns">{profile.pronouns}</Detail>
            <Detail label="Date of birth">{profile.dateOfBirth}</Detail>
            <Detail label="Phone">{profile.phone ? <PhoneLink phone={profile.phone} /> : null}</Detail>
            <Detail label="Email">{profile.email ? <EmailLink email={profile.email} /> : null}</Detail>
            <Detail label="Emergency contact">
              {ec.name || ec.phone ? (
                <>
                  {ec.name ?? "Name not recorded"}
                  {ec.relationship ? ` (${ec.relationship})` : ""}
                  {ec.phone ? (
                    <>
                      {" · "}
                      <PhoneLink phone={ec.phone} />
                    </>
                  ) : null}
                </>
              ) : null}
            </Detail>
            <Detail label="Recovery or sobriety date">{profile.recoveryStartDate}</Detail>
          </dl>
        </Card>

        <Card title="Stay history">
          {stays.length ? (
            <DataTable
              caption="Stays, most recent move-in first"
              framed={false}
              rows={stays}
              rowKey={(s) => s.id}
              columns={[
                {
                  header: "House",
                  rowHeader: true,
                  cell: (s) => (
                    <Link to={`${base}/stays/${s.id}`}>
                      {s.house}
                      <span className="sr-only">, stay from {s.moveIn}</span>
                    </Link>
                  ),
                },
                { header: "Room and bed", cell: (s) => s.bed },
                { header: "Move-in", className: "sm:whitespace-nowrap", cell: (s) => s.moveIn },
                { header: "Move-out", className: "sm:whitespace-nowrap", cell: (s) => s.moveOut ?? <span className="text-muted">—</span> },
                { header: "Status", cell: (s) => s.status },
              ]}
            />
          ) : (
            <p className="text-muted">
              No stays yet.{" "}
              {canAdmit ? <Link to={admitHref}>Admit them to a bed</Link> : "Someone who manages the house admits them to a bed"} to start one.
            </p>
          )}
        </Card>

        <IntakeSection
          intake={intake}
          intakeKey={keyFor("intake")}
          logKey={keyFor("screening-note")}
          intakeResult={resultFor("intake")}
          logResult={resultFor("screening-note")}
        />

        {notes ? <StaffNotes key={keyFor("note")} notes={notes} lastResult={resultFor("note")} /> : null}

        <Card title="Resident portal">
          {portal.hasAccount ? (
            <p>Their account is linked: they can sign in to see where they live and keep their contact details up to date.</p>
          ) : (
            <>
              <p className="mb-3 text-muted">
                With an account, a resident can see where they live and who manages their house, and keep their contact
                details up to date. They never see staff notes or other residents.
              </p>
              {portal.pendingUntil ? <p className="mb-3">An invitation is waiting to be accepted (it expires {portal.pendingUntil}).</p> : null}
              {portal.canInvite ? (
                <Form method="post" action={postAction}>
                  <input type="hidden" name="intent" value="invite" />
                  <Button type="submit" variant="secondary">
                    {portal.pendingUntil ? "Send a new invitation" : "Invite to the resident portal"}
                  </Button>
                  <p className="mt-2 text-sm text-muted">
                    We'll email the address on the profile. The email doesn't mention your organisation or what it does.
                  </p>
                </Form>
              ) : !portal.hasEmail ? (
                <p className="text-sm text-muted">Add an email address to the profile to invite them.</p>
              ) : null}
            </>
          )}
        </Card>
      </div>
    </>
  );
}

function StaffNotes({
  notes,
  lastResult,
}: {
  notes: { id: string; body: string; author: string; at: string }[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useForm({
    id: "note",
    lastResult,
    constraint: formConstraint(noteSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, noteSchema, NOTE_MESSAGES),
  });
  const action = usePostAction();
  return (
    <section aria-labelledby="staff-notes" className="rounded-lg border border-amber-300 bg-white p-4">
      <h2 id="staff-notes" className="font-semibold">
        Staff notes
      </h2>
      <p className="mb-3 text-sm text-muted">Only staff see these notes — never the resident. Write what helps the team support them.</p>
      {notes.length ? (
        <ol className="mb-4 space-y-3">
          {notes.map((n) => (
            <li key={n.id} className="rounded-md border border-line p-3">
              <p className="whitespace-pre-wrap">{n.body}</p>
              <p className="mt-1 text-sm text-muted">
                {n.author} · {n.at}
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="mb-4 text-muted">No notes yet.</p>
      )}
      <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="intent" value="add-note" />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <TextareaField field={fields.body} label="New note" rows={3} />
        <Button type="submit">Add note</Button>
      </Form>
    </section>
  );
}
