import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { isDomainError } from "#app/domain/errors.server";
import { getResident, updateResident } from "#app/domain/residents/residents.server";
import { PageHeader } from "#app/ui/page";
import { ResidentForm, residentDefaults, residentFormErrors, residentFormSchema } from "#app/ui/resident-form";
import { possessive } from "#app/ui/possessive";
import { invalid, orErrorPage, refused, residentIdParam, respond } from "./o.$org.residents.helpers.server";

// Never the resident's name in the title (browser history, shared screens).
export const meta: MetaFunction = () => [{ title: "Edit resident · Hearth" }];

const FIELDS = Object.keys(residentFormSchema.shape);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:write");
  const residentId = residentIdParam(params);
  // Opening the form shows the record: getResident audits it as a view.
  const profile = await orErrorPage(withTenant(ctx.tenant, (tx) => getResident(tx, residentId)));
  return {
    back: `/o/${ctx.org.slug}/residents/${profile.id}`,
    name: profile.displayName,
    defaults: residentDefaults(profile),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:write");
  const residentId = residentIdParam(params);
  const formData = await request.formData();
  if (formData.get("intent") !== "save-resident") return respond({ formId: "resident", error: "That action isn't available here." }, 400);
  const submission = parseWithZod(formData, { schema: residentFormSchema, error: residentFormErrors });
  if (submission.status !== "success") return invalid("resident", submission);
  const { intent: _intent, ...input } = submission.value;
  try {
    await withTenant(ctx.tenant, (tx) => updateResident(tx, residentId, input));
    return redirect(`/o/${ctx.org.slug}/residents/${residentId}?saved=1`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return refused("resident", submission, error, FIELDS);
  }
}

export default function EditResidentPage() {
  const { back, name, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={`Edit ${possessive(name)} profile`} />
      <div className="max-w-2xl rounded-lg border border-line bg-white p-4">
        <ResidentForm defaults={defaults} lastResult={actionData?.result} submitLabel="Save changes">
          <p className="text-sm text-muted">
            <Link to={back}>Cancel and go back to the profile</Link>
          </p>
        </ResidentForm>
      </div>
    </>
  );
}
