import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getServiceEntry, updateService } from "#app/domain/services/directory.server";
import { SERVICE_MESSAGES } from "#app/domain/services/schemas";
import { redirectWithFlash } from "#app/ui/flash.server";
import { FormMessage } from "#app/ui/form";
import { attempt, formError, invalid, orErrorPage, uuidParam } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";
import { parseForm } from "#app/ui/parse-form";
import { ServiceForm, serviceDefaults } from "#app/ui/service-form";
import { SERVICE_FIELDS, serviceConstraint, serviceFormSchema } from "#app/ui/service-form.server";

export const meta: MetaFunction = () => [{ title: "Edit a service · Hearth" }];

const NOT_FOUND = "This service isn't in your organisation's directory.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  const id = uuidParam(params.serviceId, NOT_FOUND);
  const entry = await orErrorPage(withTenant(ctx.tenant, (tx) => getServiceEntry(tx, id)), NOT_FOUND);
  return { back: `/o/${ctx.org.slug}/services/${id}`, name: entry.name, defaults: serviceDefaults(entry), constraint: serviceConstraint() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  const id = uuidParam(params.serviceId, NOT_FOUND);
  // The entry first (404 when not this org's), then the form.
  await orErrorPage(withTenant(ctx.tenant, (tx) => getServiceEntry(tx, id)), NOT_FOUND);
  const formData = await request.formData();
  if (formData.get("intent") !== "save-service") return formError("service", "That action isn't available here.", 400);
  const submission = parseForm(formData, serviceFormSchema, SERVICE_MESSAGES);
  if (submission.status !== "success") return invalid("service", submission);
  const { intent: _intent, ...input } = submission.value;
  return attempt({ formId: "service", submission, fields: SERVICE_FIELDS }, async () => {
    await withTenant(ctx.tenant, (tx) => updateService(tx, ctx.org.id, id, input));
    return redirectWithFlash(`/o/${ctx.org.slug}/services/${id}`, "saved");
  });
}

export default function EditServicePage() {
  const { back, name, defaults, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Edit a service" description={name} />
      <div className="max-w-2xl rounded-lg border border-line bg-white p-4">
        {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
        <ServiceForm constraint={constraint} defaults={defaults} lastResult={actionData?.result} submitLabel="Save service">
          <p className="text-sm">
            <Link to={back}>Cancel</Link>
          </p>
        </ServiceForm>
      </div>
    </>
  );
}
