import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { createService, localMoment } from "#app/domain/services/directory.server";
import { SERVICE_MESSAGES } from "#app/domain/services/schemas";
import { redirectWithFlash } from "#app/ui/flash.server";
import { FormMessage } from "#app/ui/form";
import { attempt, formError, invalid } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";
import { parseForm } from "#app/ui/parse-form";
import { ServiceForm, serviceDefaults } from "#app/ui/service-form";
import { SERVICE_FIELDS, serviceConstraint, serviceFormSchema } from "#app/ui/service-form.server";

export const meta: MetaFunction = () => [{ title: "Add a service · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  return { base: `/o/${ctx.org.slug}/services`, constraint: serviceConstraint() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  const formData = await request.formData();
  if (formData.get("intent") !== "save-service") return formError("service", "That action isn't available here.", 400);
  const submission = parseForm(formData, serviceFormSchema, SERVICE_MESSAGES);
  if (submission.status !== "success") return invalid("service", submission);
  const { intent: _intent, ...input } = submission.value;
  return attempt({ formId: "service", submission, fields: SERVICE_FIELDS }, async () => {
    const { id } = await withTenant(ctx.tenant, (tx) => createService(tx, ctx.org.id, input, localMoment(ctx.org.timeZone).today));
    return redirectWithFlash(`/o/${ctx.org.slug}/services/${id}`, "created");
  });
}

export default function NewServicePage() {
  const { base, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Add a service" description="Check the details with the provider first: the entry counts as verified today." />
      <div className="max-w-2xl rounded-lg border border-line bg-white p-4">
        {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
        <ServiceForm constraint={constraint} defaults={serviceDefaults(null)} lastResult={actionData?.result} submitLabel="Add service">
          <p className="text-sm">
            <Link to={base}>Cancel and go back to the directory</Link>
          </p>
        </ServiceForm>
      </div>
    </>
  );
}
