import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { centsToInput } from "#app/domain/fees/money";
import { getHouseListing, saveHouseListing } from "#app/domain/vacancies/listing.server";
import { forbidden } from "#app/lib/http.server";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, Field, PageNotices } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { intent, orErrorPage, runIntent, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";
import { listingSchema } from "./forms.server";

/**
 * A house's public vacancy listing (owners and admins: vacancies:publish; ADR 042): whether
 * the house appears on the org's public vacancy page and feed, and the public words shown
 * with it. Open beds are counted by Hearth; no resident data is ever published.
 */
export const meta: MetaFunction = () => [{ title: "Vacancy listing · Hearth" }];

const FIELDS = ["published", "description", "feesDescription", "weeklyFee", "contactPhone", "contactEmail", "showStreetAddress"];

async function guard(request: Request, org: string | undefined) {
  const ctx = await requireOrg(request, org, "vacancies:publish");
  if (ctx.org.kind !== "operator") forbidden();
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await guard(request, params.org);
  const houseId = houseIdParam(params);
  const l = await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseListing(tx, houseId)), NOT_FOUND.house);
  return {
    houseName: l.houseName,
    houseHref: `/o/${ctx.org.slug}/houses/${houseId}/edit`,
    publicHref: `/vacancies/${ctx.org.slug}`,
    published: l.published,
    constraint: formConstraint(listingSchema),
    values: {
      published: l.published ? "on" : undefined,
      description: l.description ?? "",
      feesDescription: l.feesDescription ?? "",
      weeklyFee: l.weeklyFee ? centsToInput(l.weeklyFee) : "",
      contactPhone: l.contactPhone ?? "",
      contactEmail: l.contactEmail ?? "",
      showStreetAddress: l.showStreetAddress ? "on" : undefined,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await guard(request, params.org);
  const houseId = houseIdParam(params);
  // The house first (404 when not one the caller may see), then the form.
  await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseListing(tx, houseId)), NOT_FOUND.house);
  return runIntent(await request.formData(), {
    "save-listing": intent({
      schema: listingSchema,
      formId: "listing",
      fields: FIELDS,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(ctx.tenant, (tx) => saveHouseListing(tx, houseId, { ...input, weeklyFee: input.weeklyFee ?? undefined }));
        return input.published ? "Listing saved. The house is on the public vacancy page." : "Listing saved. The house is not published.";
      },
    }),
  });
}

type Values = {
  published: boolean | undefined;
  description: string;
  feesDescription: string;
  weeklyFee: string;
  contactPhone: string;
  contactEmail: string;
  showStreetAddress: boolean | undefined;
};

function ListingForm({ values, constraint, lastResult }: { values: Record<string, string | undefined>; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<Values>({ id: "listing", lastResult, constraint, defaultValue: values });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value="save-listing" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <CheckboxField field={fields.published} label="Publish this house on the public vacancy page and feed" />
      <TextareaField field={fields.description} label="About the house (optional)" hint="What a person looking for a bed should know. Never write about residents." rows={4} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.weeklyFee} label="Weekly fee (optional)" hint="For example 175 or 175.00." inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <Field field={fields.contactPhone} label="Public phone (optional)" type="tel" inputProps={{ autoComplete: "off" }} />
      </div>
      <Field field={fields.feesDescription} label="Fees in words (optional)" hint="For example: first week free for referrals from treatment." inputProps={{ autoComplete: "off", maxLength: 500 }} />
      <Field field={fields.contactEmail} label="Public email (optional)" type="email" inputProps={{ autoComplete: "off" }} />
      <CheckboxField field={fields.showStreetAddress} label="Show the street address" hint="Off: only the city, state and ZIP code are shown." />
      <Button type="submit">Save listing</Button>
    </Form>
  );
}

export default function HouseListingPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`Vacancy listing: ${page.houseName}`} description={<Link to={page.houseHref}>Back to the house</Link>} />
      <PageNotices notice={actionData?.notice} error={null} />
      <p>
        {page.published ? "This house is published. " : "This house is not published. "}
        The public page shows its name, level, who it serves, the town and the open beds Hearth counts today (in service,
        not held, nobody living there), with your application link: <Link to={page.publicHref}>see the public page</Link>.
      </p>
      <Card title="Listing">
        <ListingForm key={keyFor("listing")} values={page.values} constraint={page.constraint} lastResult={actionData?.formId === "listing" ? actionData.result : null} />
      </Card>
    </div>
  );
}
