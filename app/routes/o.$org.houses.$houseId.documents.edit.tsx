import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listCurrentDocuments, listEditorVersions } from "#app/domain/documents/documents.server";
import { DomainError } from "#app/domain/errors.server";
import { DocumentEditor } from "#app/ui/documents";
import { badRequest } from "#app/lib/http.server";
import { documentIntents, editorConstraint, editorKinds, editorQuery } from "#app/ui/documents.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/**
 * A house's own documents (owners/admins, and house managers of the house): each kind's
 * own version replaces the organisation default for this house once published.
 */
export const meta: MetaFunction = () => [{ title: "Write house documents · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "documents:write");
  const houseId = houseIdParam(params);
  const query = editorQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) badRequest("That page of the version history isn't valid. Go back to the newest versions.");
  const paged = query.data.cursor && query.data.history ? query.data.history : null;
  const { current, versions } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const current = await listCurrentDocuments(tx, [houseId]);
      if (!current.length) throw new DomainError("not_found", "House not found.");
      return { current, versions: await listEditorVersions(tx, houseId, { kind: paged, after: paged ? query.data.cursor!.after : null }) };
    }),
    NOT_FOUND.house,
  );
  const zone = current[0]!.timeZone;
  const inherited = Object.fromEntries(
    current.map((c) => [
      c.kind,
      c.versionId && !c.own
        ? `Uses the organisation default (version ${c.version}). Publishing a version here replaces it for this house.`
        : "Not published for this house or the organisation yet: residents are not asked to sign it.",
    ]),
  );
  return {
    constraint: editorConstraint(),
    sections: houseSections(ctx.role),
    houseName: current[0]!.houseName,
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    kinds: editorKinds(versions.versions, zone, versions.next, paged).map((k) => ({ ...k, inherited: inherited[k.kind] ?? null })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "documents:write");
  const houseId = houseIdParam(params);
  return runIntent(await request.formData(), documentIntents(ctx.tenant, houseId));
}

export default function EditHouseDocuments() {
  const { houseName, houseBase, kinds, sections, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Write house documents"
        description={
          <>
            {`${houseName}'s own versions.`} <Link to={`${houseBase}/documents`}>Who has signed</Link>
          </>
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={`${houseBase}/documents/edit`} cancelLabel="Not now" /> : null}
      <PageNotices notice={actionData?.notice} error={actionData?.formId.startsWith("discard-") ? actionData.error : null} />
      <div className="space-y-6">
        {kinds.map((doc) => (
          <DocumentEditor
            key={doc.kind}
            doc={doc}
            constraint={constraint}
            actionData={actionData}
            inherited={doc.inherited}
            versionHref={(id) => `${houseBase}/documents/versions/${id}`}
          />
        ))}
      </div>
    </div>
  );
}
