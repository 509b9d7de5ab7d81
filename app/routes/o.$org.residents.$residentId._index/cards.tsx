import type { SubmissionResult } from "@conform-to/react";
import type { FormConstraint } from "#app/ui/constraint";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ResidentDetails } from "#app/domain/residents/schemas";
import { EmailLink, PhoneLink } from "#app/ui/contact-links";
import { DataTable } from "#app/ui/data-table";
import { Button, FormMessage } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

/** The resident's page, card by card. What a role may see was decided by the loader. */

type Place = { stayId: string; house: string; bed: string; moveIn: string };
type Current = Place & { expectedMoveOut: string | null };
type StayRow = { id: string; house: string; bed: string; moveIn: string; moveOut: string | null; status: string };
/** Dates already in words. */
type Profile = ResidentDetails;
type Portal = { hasAccount: boolean; hasEmail: boolean; pendingUntil: string | null; canInvite: boolean };

const actionLink =
  "inline-flex min-h-11 items-center rounded-md border border-line bg-white px-4 py-2 font-medium text-ink no-underline hover:bg-stone-100";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="font-medium text-muted">{label}</dt>
      <dd className="sm:col-span-2">{children ?? <span className="text-muted">Not recorded</span>}</dd>
    </div>
  );
}


export function WhereTheyLive({ base, current, planned, canStay, admitHref }: { base: string; current: Current | null; planned: Place | null; canStay: boolean; admitHref: string | null }) {
  return (
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
      {admitHref ? (
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
  );
}

export function ProfileCard({ profile }: { profile: Profile }) {
  return (
    <Card title="Profile">
      <dl className="divide-y divide-line">
        <Detail label="Legal name">{profile.legalName}</Detail>
        <Detail label="Preferred name">{profile.preferredName}</Detail>
        <Detail label="Pronouns">{profile.pronouns}</Detail>
        <Detail label="Date of birth">{profile.dateOfBirth}</Detail>
        <Detail label="Phone">{profile.phone ? <PhoneLink phone={profile.phone} /> : null}</Detail>
        <Detail label="Email">{profile.email ? <EmailLink email={profile.email} /> : null}</Detail>
        <Detail label="Emergency contact">
          {profile.emergencyContact.name || profile.emergencyContact.phone ? (
            <>
              {profile.emergencyContact.name ?? "Name not recorded"}
              {profile.emergencyContact.relationship ? ` (${profile.emergencyContact.relationship})` : ""}
              {profile.emergencyContact.phone ? (
                <>
                  {" · "}
                  <PhoneLink phone={profile.emergencyContact.phone} />
                </>
              ) : null}
            </>
          ) : null}
        </Detail>
        <Detail label="Recovery or sobriety date">{profile.recoveryStartDate}</Detail>
      </dl>
    </Card>
  );
}

export function StayHistory({ base, stays, admitHref }: { base: string; stays: StayRow[]; admitHref: string | null }) {
  return (
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
          {admitHref ? <Link to={admitHref}>Admit them to a bed</Link> : "Someone who manages the house admits them to a bed"} to start one.
        </p>
      )}
    </Card>
  );
}

/** `action`: the page's own address (an index route posts there, never to "?index"). */
export function PortalCard({ portal, action }: { portal: Portal; action: string }) {
  return (
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
            <Form method="post" action={action}>
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
  );
}

export function StaffNotes({
  notes,
  constraint,
  lastResult,
  action,
}: {
  notes: { id: string; body: string; author: string; at: string }[];
  /** From the loader: the note is checked in the action only (`noteSchema`, ADR 029). */
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
  action: string;
}) {
  const [form, fields] = useServerForm<{ intent: string; body: string }>({ id: "note", lastResult, constraint });
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
      <Form method="post" action={action} {...form.props} className="space-y-3">
        <input type="hidden" name="intent" value="add-note" />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <TextareaField field={fields.body} label="New note" rows={3} />
        <Button type="submit">Add note</Button>
      </Form>
    </section>
  );
}
