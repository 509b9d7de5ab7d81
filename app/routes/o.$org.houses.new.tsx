import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { createHouse } from "#app/domain/houses/houses.server";
import { FormMessage } from "#app/ui/form";
import { HouseForm } from "#app/ui/house-form";
import { HOUSE_FIELDS, houseConstraint, houseFormSchema, timeZoneOptions } from "#app/ui/house-form.server";
import { PageHeader } from "#app/ui/page";
import { attempt, formError, invalid } from "#app/ui/forms.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "Add a house · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  return { base: `/o/${ctx.org.slug}/houses`, timeZone: ctx.org.timeZone, zones: timeZoneOptions(ctx.org.timeZone), constraint: houseConstraint() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const formData = await request.formData();
  if (formData.get("intent") !== "save-house") return formError("house", "That action isn't available here.", 400);
  const submission = parseForm(formData, houseFormSchema);
  if (submission.status !== "success") return invalid("house", submission);
  const { intent: _intent, ...input } = submission.value;
  return attempt({ formId: "house", submission, fields: HOUSE_FIELDS }, async () => {
    const { id } = await withTenant(ctx.tenant, (tx) => createHouse(tx, input));
    return redirectWithFlash(`/o/${ctx.org.slug}/houses/${id}/rooms`, "created");
  });
}

export default function NewHousePage() {
  const { base, timeZone, zones, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Add a house"
        description="Start with the address and who the house serves. You'll add rooms and beds next: capacity is the number of beds."
      />
      <div className="max-w-2xl rounded-lg border border-line bg-white p-4">
        {actionData?.error ? (
          <div className="mb-4">
            <FormMessage>{actionData.error}</FormMessage>
          </div>
        ) : null}
        <HouseForm
          defaults={{
            name: "",
            addressLine1: "",
            addressLine2: "",
            city: "",
            region: "",
            postalCode: "",
            populations: [],
            narrLevel: "2",
            timeZone,
            phone: "",
            bathroomCount: "",
          }}
          lastResult={actionData?.result}
          constraint={constraint}
          zones={zones}
          submitLabel="Add house"
        >
          <p className="text-sm text-muted">
            <Link to={base}>Cancel and go back to houses</Link>
          </p>
        </HouseForm>
      </div>
    </>
  );
}
