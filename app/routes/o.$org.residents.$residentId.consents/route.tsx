import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { prepareConsent, residentHouse, revokeConsent } from "#app/domain/consents/consents.server";
import { disclose, orRefuse, residentConsentsPage } from "#app/domain/consents/disclose.server";
import {
  CONSENT_STATUS_LABELS,
  DISCLOSURE_WHAT_LABELS,
  EXPIRY_EVENT_LABELS,
  INFORMATION,
  INFORMATION_LABELS,
  PURPOSE_LABELS,
  PURPOSES,
  RECIPIENT_KIND_LABELS,
  RECIPIENT_KINDS,
  REFUSAL_LABELS,
  REVOCATION_TEXT,
} from "#app/domain/consents/labels";
import { formatInZone } from "#app/lib/dates";
import { CheckboxGroup, FormErrors } from "#app/ui/choices";
import { formConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";
import { LETTER_FIELDS, letterSchema, PREPARE_FIELDS, prefillSchema, prepareSchema, revokeSchema } from "./forms.server";

/**
 * Staff of the resident's house: the resident's consents (prepare one for them to sign,
 * see status, record a revocation they gave), the disclosure log, and the release letter
 * — printed only through the consent gate (ADR 040).
 */
export const meta: MetaFunction = () => [{ title: "Consents · Hearth" }];

const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((value) => ({ value, label: labels[value] }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "consents:manage");
  const residentId = residentIdParam(params);
  const { consents, log } = await orErrorPage(withTenant(ctx.tenant, (tx) => residentConsentsPage(tx, residentId)), NOT_FOUND.resident);
  const when = (d: Date) => formatInZone(d, ctx.org.timeZone, "MMM d, yyyy, h:mm a");
  // A referral's "prepare a consent" link fills in the recipient, purpose and information (ADR 046).
  const prefill = prefillSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    // The forms are checked in the action only (ADR 029): the page ships no zod.
    constraints: { prepare: formConstraint(prepareSchema), letter: formConstraint(letterSchema) },
    prefill: {
      recipientKind: prefill.data?.recipientKind,
      recipientName: prefill.data?.recipientName,
      purpose: prefill.data?.purpose,
      purposeDetail: undefined as string | undefined,
      information: prefill.data?.information ? [prefill.data.information] : undefined,
      expiresOn: undefined as string | undefined,
      expiryEvent: undefined as string | undefined,
    },
    base: `/o/${ctx.org.slug}/residents/${residentId}`,
    consents: consents.map((c) => ({
      id: c.id,
      recipient: `${c.recipientName} (${RECIPIENT_KIND_LABELS[c.recipientKind].split(" (")[0]!.toLowerCase()})`,
      purpose: PURPOSE_LABELS[c.purpose],
      information: c.information.map((i) => INFORMATION_LABELS[i]),
      ends: [c.expiresOn ? `on ${c.expiresOn}` : null, c.expiryEvent ? EXPIRY_EVENT_LABELS[c.expiryEvent as "end_of_stay"].toLowerCase() : null].filter(Boolean).join(" or "),
      status: CONSENT_STATUS_LABELS[c.status],
      active: c.status === "active",
      signed: c.signedAt ? `Signed “${c.typedName}” on ${when(c.signedAt)}` : null,
      revoked: c.revokedAt ? `Revoked on ${when(c.revokedAt)}${c.revokedByResident ? " by the resident" : " (recorded by staff)"}` : null,
    })),
    log: log.map((d) => ({
      id: d.id,
      text: `${when(d.disclosedAt)} · ${DISCLOSURE_WHAT_LABELS[d.what]} to ${d.recipientName}`,
      outcome: d.outcome === "granted" ? "Shared" : `Refused: ${REFUSAL_LABELS[d.refusal!]}`,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "consents:manage");
  const residentId = residentIdParam(params);
  // The resident first (404 when not one of the caller's houses'), then the form.
  await orErrorPage(withTenant(ctx.tenant, (tx) => residentHouse(tx, residentId)), NOT_FOUND.resident);
  const formData = await request.formData();
  return runIntent(formData, {
    prepare: intent({
      schema: prepareSchema,
      formId: "prepare",
      fields: PREPARE_FIELDS,
      resetForm: true,
      notFoundMessage: NOT_FOUND.resident,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(ctx.tenant, (tx) => prepareConsent(tx, residentId, input));
        return "Consent prepared. The resident signs it in Hearth, under My consents.";
      },
    }),
    letter: intent({
      schema: letterSchema,
      formId: "letter",
      fields: LETTER_FIELDS,
      notFoundMessage: NOT_FOUND.resident,
      run: async ({ intent: _i, ...input }) => {
        // The attempt is logged in its own transaction; a refusal is thrown after it commits.
        const outcome = await withTenant(ctx.tenant, (tx) => disclose(tx, { ...input, residentId, what: "release_letter" }));
        const granted = orRefuse(outcome);
        return redirectWithFlash(`/o/${ctx.org.slug}/letters/${granted.disclosureId}`, "created");
      },
    }),
    revoke: intent({
      schema: revokeSchema,
      formId: "revoke",
      button: true,
      run: async ({ consentId }) => {
        await withTenant(ctx.tenant, (tx) => revokeConsent(tx, consentId, { mine: false }));
        return "Revocation recorded. Nothing more will be shared under that consent.";
      },
    }),
  });
}

type ActionData = { formId: string; error: string | null; result: SubmissionResult<string[]> | null; notice?: string | null; pageError: string | null };

export default function ResidentConsents() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const resultFor = (id: string) => (actionData?.formId === id ? actionData.result : undefined);
  const [prep, pf] = useServerForm<{ recipientKind: string; recipientName: string; purpose: string; purposeDetail: string; information: string[]; expiresOn: string; expiryEvent: string }>({ id: "prepare", lastResult: resultFor("prepare"), constraint: d.constraints.prepare, defaultValue: d.prefill });
  const [letter, lf] = useServerForm<{ recipientKind: string; recipientName: string; purpose: string; information: string[] }>({ id: "letter", lastResult: resultFor("letter"), constraint: d.constraints.letter });
  const pageError = pageErrorOf(actionData, ["prepare", "letter"]);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="Consents and disclosures" description="Nothing about this resident leaves the house without a consent they signed." />
      <p className="text-sm">
        <Link to={d.base}>Back to the resident</Link>
      </p>
      {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
      <Card title="Consents">
        {d.consents.length === 0 ? <p>No consents yet.</p> : null}
        <ul className="space-y-3">
          {d.consents.map((c) => (
            <li key={c.id} className="rounded-md border border-line p-3">
              <p className="font-medium">
                {c.recipient} · <span>{c.status}</span>
              </p>
              <p className="text-sm">{c.purpose}</p>
              <p className="text-sm">Information: {c.information.join("; ")}</p>
              <p className="text-sm">Ends {c.ends}</p>
              {c.signed ? <p className="text-sm">{c.signed}</p> : null}
              {c.revoked ? <p className="text-sm">{c.revoked}</p> : null}
              {c.active ? (
                <Form method="post" className="mt-2">
                  <input type="hidden" name="consentId" value={c.id} />
                  <Button type="submit" name="intent" value="revoke" variant="secondary">
                    Record the resident’s revocation
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Print a verification of residence letter">
        <Form method="post" {...letter.props} className="space-y-3">
          <input type="hidden" name="intent" value="letter" />
          <FormErrors id={letter.errorId} errors={letter.errors} />
          <SelectField field={lf.recipientKind} label="Recipient is" options={options(RECIPIENT_KINDS, RECIPIENT_KIND_LABELS)} placeholder="Choose…" />
          <Field field={lf.recipientName} label="Recipient’s name" hint="As written on the consent, e.g. the probation officer's name." />
          <SelectField field={lf.purpose} label="Purpose" options={options(PURPOSES, PURPOSE_LABELS)} placeholder="Choose…" />
          <CheckboxGroup field={lf.information} legend="Information to include" options={options(INFORMATION, INFORMATION_LABELS)} columns={1} />
          <Button type="submit">Print letter</Button>
        </Form>
      </Card>
      <Card title="Prepare a consent for the resident to sign">
        <Form method="post" {...prep.props} className="space-y-3">
          <input type="hidden" name="intent" value="prepare" />
          <FormErrors id={prep.errorId} errors={prep.errors} />
          <SelectField field={pf.recipientKind} label="Who may receive the information" options={options(RECIPIENT_KINDS, RECIPIENT_KIND_LABELS)} placeholder="Choose…" />
          <Field field={pf.recipientName} label="Name of the person, organisation or designation" />
          <SelectField field={pf.purpose} label="Purpose" options={options(PURPOSES, PURPOSE_LABELS)} placeholder="Choose…" />
          <Field field={pf.purposeDetail} label="Purpose in the resident’s words (optional)" />
          <CheckboxGroup field={pf.information} legend="How much and what kind of information" options={options(INFORMATION, INFORMATION_LABELS)} columns={1} />
          <Field field={pf.expiresOn} label="Ends on (optional if an event is chosen)" type="date" />
          <SelectField field={pf.expiryEvent} label="Or ends at an event" options={options(["end_of_stay"] as const, EXPIRY_EVENT_LABELS)} placeholder="No event" />
          <p className="text-sm text-muted">{REVOCATION_TEXT}</p>
          <Button type="submit">Prepare consent</Button>
        </Form>
      </Card>
      <Card title="Disclosure log">
        {d.log.length === 0 ? <p>Nothing shared or attempted yet.</p> : null}
        <ul className="space-y-1">
          {d.log.map((l) => (
            <li key={l.id} className="text-sm">
              {l.text} — {l.outcome}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
