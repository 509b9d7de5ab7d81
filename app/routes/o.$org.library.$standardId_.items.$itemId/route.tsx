import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getEditorItem } from "#app/domain/standards/editor.server";
import { can } from "#app/domain/permissions";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { useFormKeys } from "#app/ui/form-keys";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { ItemForm } from "#app/ui/library";
import { itemDefaults, itemFormData, levelsText } from "#app/ui/library.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { itemAction } from "./actions.server";

/**
 * One item of a standard in the library (ADR 059): on the certifier's own draft its
 * administrators edit the text, guidance, evidence hint, applicability per level and the
 * automatic check, or delete it (asked first); otherwise the item reads as it is. A published
 * version refuses changes in the database too. Statements: signing in (3), the standard, the item.
 */
export const meta: MetaFunction = () => [{ title: "Standard item · Hearth" }];

const NOT_FOUND = "We couldn't find that item.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "library:read");
  const standardId = uuidParam(params.standardId, NOT_FOUND);
  const itemId = uuidParam(params.itemId, NOT_FOUND);
  const { standard: s, item } = await orErrorPage(withTenant(ctx.tenant, (tx) => getEditorItem(tx, standardId, itemId)), NOT_FOUND);
  const editable = can(ctx.role, "library:write") && s.own && s.status === "draft";
  return {
    back: `/o/${ctx.org.slug}/library/${s.id}?domain=${item.code.split(".")[0]}`,
    here: `/o/${ctx.org.slug}/library/${s.id}/items/${item.id}`,
    standard: `${s.name} ${s.version}`,
    published: s.status === "published",
    code: item.code,
    text: item.text,
    guidance: item.guidance,
    evidenceHint: item.evidenceHint,
    levels: levelsText(item.levels),
    editable,
    form: editable ? itemFormData("edit") : null,
    defaults: itemDefaults(item),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "library:write");
  const standardId = uuidParam(params.standardId, NOT_FOUND);
  const itemId = uuidParam(params.itemId, NOT_FOUND);
  return itemAction(request, ctx.tenant, ctx.org.slug, standardId, itemId);
}

export default function StandardItemPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const pageError = pageErrorOf(actionData?.confirm ? null : actionData, [page.editable && "item"]);
  return (
    <div className="space-y-6">
      <PageHeader title={`Item ${page.code}`} description={<>{page.standard} · <Link to={page.back}>Back to the standard</Link></>} />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={page.here} cancelLabel="Keep the item" /> : null}
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      {page.editable && page.form ? (
        <>
          <Card title="Edit the item">
            <ItemForm key={keyFor("item")} id="item" intent="save-item" withCode={false} data={page.form} defaults={page.defaults}
              lastResult={actionData?.formId === "item" ? actionData.result : null} submit="Save the item" />
          </Card>
          <Card title="Delete the item">
            <Form method="post">
              <input type="hidden" name="intent" value="delete-item" />
              <Button type="submit" variant="danger">Delete item {page.code}…</Button>
            </Form>
          </Card>
        </>
      ) : (
        <Card title="The item">
          <p>{page.text}</p>
          {page.guidance ? <p className="mt-2 text-sm"><span className="font-medium">Guidance:</span> {page.guidance}</p> : null}
          {page.evidenceHint ? <p className="mt-2 text-sm"><span className="font-medium">Evidence:</span> {page.evidenceHint}</p> : null}
          <p className="mt-2 text-sm text-muted">{page.levels}</p>
          {page.published ? <p className="mt-3 text-sm text-muted">This version is published and never changes. To change the item, start a new version from the standard's page.</p> : null}
        </Card>
      )}
    </div>
  );
}
