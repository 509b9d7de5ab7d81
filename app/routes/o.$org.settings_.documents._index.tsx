import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listEditorVersions } from "#app/domain/documents/documents.server";
import { badRequest } from "#app/lib/http.server";
import { DocumentEditor } from "#app/ui/documents";
import { documentIntents, editorConstraint, editorKinds, editorQuery } from "#app/ui/documents.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { PageNotices } from "#app/ui/form";
import { runIntent } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";

/**
 * The org's default house documents (owners and admins): house rules, resident rights,
 * grievance procedure, good-neighbour policy. A house's own version of a kind replaces
 * the default there (written on the house's documents page).
 */
export const meta: MetaFunction = () => [{ title: "House documents · Settings · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const query = editorQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) badRequest("That page of the version history isn't valid. Go back to the newest versions.");
  const paged = query.data.cursor && query.data.history ? query.data.history : null;
  const { versions, next } = await withTenant(ctx.tenant, (tx) => listEditorVersions(tx, null, { kind: paged, after: paged ? query.data.cursor!.after : null }));
  return { constraint: editorConstraint(), base: `/o/${ctx.org.slug}/settings/documents`, orgBase: `/o/${ctx.org.slug}`, kinds: editorKinds(versions, ctx.org.timeZone, next, paged) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  return runIntent(await request.formData(), documentIntents(ctx.tenant, null));
}

export default function OrgDocuments() {
  const { base, orgBase, kinds, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="House documents"
        description={
          <>
            The organisation&apos;s defaults, used by every house that has no version of its own. Each house&apos;s page shows who has
            signed. <Link to={`${orgBase}/settings`}>Back to settings</Link>
          </>
        }
      />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={base} cancelLabel="Not now" /> : null}
      <PageNotices notice={actionData?.notice} error={actionData?.formId.startsWith("discard-") ? actionData.error : null} />
      <div className="space-y-6">
        {kinds.map((doc) => (
          <DocumentEditor key={doc.kind} doc={doc} constraint={constraint} actionData={actionData} versionHref={(id) => `${base}/${id}`} />
        ))}
      </div>
    </div>
  );
}
