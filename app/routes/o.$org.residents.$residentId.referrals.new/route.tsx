import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listGoals } from "#app/domain/plans/plan.server";
import { createReferral, pickServices, referralResident } from "#app/domain/referrals/referrals.server";
import { REFERRAL_URGENCIES, REFERRAL_URGENCY_LABELS, ReferralInput } from "#app/domain/referrals/schemas";
import { SERVICE_CATEGORY_LABELS } from "#app/domain/services/categories";
import { formConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, FormMessage, SelectField } from "#app/ui/form";
import { RadioGroupField, TextareaField } from "#app/ui/form-controls";
import { FormErrors } from "#app/ui/choices";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";

/**
 * Refer a resident to a service (ADR 046): find it in the directory by name or category (a
 * GET search, no JavaScript needed), say why and how soon, optionally link a plan goal. The
 * referral starts as a draft; sending it goes through the consent gate on its page.
 */
export const meta: MetaFunction = () => [{ title: "New referral · Hearth" }];

const schema = ReferralInput.extend({ intent: z.literal("create") });
const FIELDS = ["serviceId", "reason", "urgency", "goalId"] as const;
const query = z.object({ q: z.string().trim().max(100).optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams)).q || null;
  const { resident, services, goals } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({
      resident: await referralResident(tx, residentId),
      services: await pickServices(tx, q),
      goals: await listGoals(tx, residentId),
    })),
    NOT_FOUND.resident,
  );
  return {
    base: `/o/${ctx.org.slug}/residents/${residentId}`,
    name: resident.name,
    q: q ?? "",
    services: services.map((s) => ({
      value: s.id,
      label: `${s.name} — ${s.organizationName} (${s.categories.map((c) => SERVICE_CATEGORY_LABELS[c as keyof typeof SERVICE_CATEGORY_LABELS] ?? c).join(", ")})`,
    })),
    goals: goals.filter((g) => g.status === "active" || g.status === "proposed").map((g) => ({ value: g.id, label: g.title })),
    urgencies: REFERRAL_URGENCIES.map((u) => ({ value: u, label: REFERRAL_URGENCY_LABELS[u] })),
    constraint: formConstraint(schema),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  // The resident first (404 when not one of the caller's), then the form.
  await orErrorPage(withTenant(ctx.tenant, (tx) => referralResident(tx, residentId)), NOT_FOUND.resident);
  return runIntent(await request.formData(), {
    create: intent({
      schema,
      formId: "referral",
      fields: FIELDS,
      notFoundMessage: NOT_FOUND.resident,
      run: async ({ intent: _i, ...input }) => {
        const { id } = await withTenant(ctx.tenant, (tx) => createReferral(tx, residentId, input));
        return redirectWithFlash(`/o/${ctx.org.slug}/residents/${residentId}/referrals/${id}`, "created");
      },
    }),
  });
}

export default function NewReferral() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useServerForm<{ serviceId: string; reason: string; urgency: string; goalId: string }>({
    id: "referral",
    lastResult: actionData?.result,
    constraint: d.constraint,
    defaultValue: { urgency: "routine" },
  });
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`Refer ${d.name} to a service`} description="Nothing is shared with the service until the referral is sent, and only under the resident's consent." />
      <p className="-mt-4 text-sm">
        <Link to={`${d.base}/referrals`}>Back to the referrals</Link>
      </p>
      <Card title="Find the service">
        <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
          <div className="min-w-0 flex-1">
            <label htmlFor="service-q" className="mb-1 block font-medium">
              Name or kind of service
            </label>
            <input id="service-q" name="q" type="search" defaultValue={d.q} maxLength={100} className="w-full rounded-md border border-line px-3 py-2" />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </Form>
      </Card>
      <Card title="The referral">
        {actionData?.error && !actionData.result ? <FormMessage>{actionData.error}</FormMessage> : null}
        <Form method="post" {...form.props} className="space-y-3">
          <input type="hidden" name="intent" value="create" />
          <FormErrors id={form.errorId} errors={form.errors} />
          {d.services.length === 0 ? (
            <p>No active service matches “{d.q}”. Try another word, or add the service to the directory first.</p>
          ) : (
            <RadioGroupField field={fields.serviceId} legend={d.q ? `Services matching “${d.q}”` : "Service"} options={d.services} />
          )}
          <TextareaField field={fields.reason} label="Why this referral" hint="In respectful words: the service reads it in the summary." rows={3} />
          <SelectField field={fields.urgency} label="How soon" options={d.urgencies} />
          <SelectField field={fields.goalId} label="Plan goal it helps with (optional)" options={d.goals} placeholder="No goal" />
          <Button type="submit">Save the referral</Button>
        </Form>
      </Card>
    </div>
  );
}
