import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { termInWords } from "#app/domain/fees/agreement";
import { PaperAckInput, recordPaperAck, residentAgreement } from "#app/domain/fees/agreement.server";
import { formatDay } from "#app/lib/dates";
import { FormErrors } from "#app/ui/choices";
import { formConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, Field } from "#app/ui/form";
import { attempt, invalid, orErrorPage, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam } from "#app/ui/params.server";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

/**
 * Record a paper acknowledgement of a resident's fee agreement (ADR 031; fees:write, RLS: a
 * house manager of this house or an owner/admin): for residents without a phone, residents
 * who already left, and stays from before e-signatures. Shows the exact terms of the
 * resident's latest stay here; recording posts the charges that waited for it.
 */
export const meta: MetaFunction = () => [{ title: "Record a paper acknowledgement · Hearth" }];

const NOT_FOUND_RESIDENT = "We couldn't find that resident in this house.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:write");
  const houseId = houseIdParam(params);
  const residentId = uuidParam(params.residentId, NOT_FOUND_RESIDENT);
  const ag = await orErrorPage(
    withTenant(ctx.tenant, (tx) => residentAgreement(tx, houseId, residentId, ctx.org.currency)),
    NOT_FOUND_RESIDENT,
  );
  if (!ag) throw new Response(NOT_FOUND_RESIDENT, { status: 404 });
  return {
    back: `/o/${ctx.org.slug}/houses/${houseId}/fees/agreements`,
    residentId,
    residentName: ag.stay.legalName,
    stay: `${formatDay(ag.stay.from)}${ag.stay.to ? ` to ${formatDay(ag.stay.to)}` : " on"}`,
    contentHash: ag.contentHash,
    constraint: formConstraint(PaperAckInput),
    today: ag.stay.today,
    terms: ag.terms.map((t) => {
      const w = termInWords(t, ctx.org.currency);
      return { id: t.scheduleId, name: w.name, amount: w.amount, how: w.how, scope: w.scope, dates: `From ${formatDay(w.from)}${w.to ? ` to ${formatDay(w.to)}` : ""}` };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:write");
  const houseId = houseIdParam(params);
  const residentId = uuidParam(params.residentId, NOT_FOUND_RESIDENT);
  const form = await request.formData();
  form.set("residentId", residentId);
  const submission = parseForm(form, PaperAckInput);
  if (submission.status !== "success") return invalid("paper", submission);
  return attempt({ formId: "paper", submission, fields: ["recordedBy", "signedOn", "note"] }, async () => {
    await withTenant(ctx.tenant, (tx) => recordPaperAck(tx, houseId, submission.value, ctx.org.currency));
    return redirectWithFlash(`/o/${ctx.org.slug}/houses/${houseId}/fees/agreements`, "saved");
  });
}

export default function RecordPaperAck() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const [form, fields] = useServerForm<{ residentId: string; contentHash: string; recordedBy: string; signedOn: string; note: string }>({
    id: "paper",
    lastResult: actionData?.formId === "paper" ? actionData.result : null,
    constraint: d.constraint,
    defaultValue: { residentId: d.residentId, contentHash: d.contentHash, recordedBy: "", signedOn: d.today, note: "" },
  });
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`Paper acknowledgement: ${d.residentName}`} description={<Link to={d.back}>Back to fee agreements</Link>} />
      <Card title={`Fees for the stay ${d.stay}`}>
        {d.terms.length === 0 ? (
          <p className="text-muted">No fees apply.</p>
        ) : (
          <ul className="divide-y divide-line" aria-label="Fees">
            {d.terms.map((t) => (
              <li key={t.id} className="py-2">
                <p className="font-medium">{`${t.name}: ${t.amount}`}</p>
                <p className="text-sm text-muted">{[t.how, t.scope, t.dates].join(" · ")}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <section aria-labelledby="paper-title" className="rounded-lg border border-line bg-white p-4">
        <h2 id="paper-title" className="mb-2 font-semibold">
          Record that they signed these fees on paper
        </h2>
        <Form method="post" {...form.props} className="space-y-3">
          <input type="hidden" name="contentHash" value={d.contentHash} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field field={fields.recordedBy} label="Your full name" hint="You are recording that the resident signed these exact fees on paper." inputProps={{ autoComplete: "name" }} />
          <Field field={fields.signedOn} label="The day they signed" type="date" />
          <Field field={fields.note} label="Note" hint="For example where the signed copy is kept." inputProps={{ maxLength: 1000 }} />
          <Button type="submit">Record paper acknowledgement</Button>
        </Form>
      </section>
      <p className="break-all text-sm text-muted">Content fingerprint (SHA-256): {d.contentHash}</p>
    </article>
  );
}
