import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getEditorStandard } from "#app/domain/standards/editor.server";
import { can } from "#app/domain/permissions";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import type { FormConstraint } from "#app/ui/constraint";
import { takeFlash } from "#app/ui/flash.server";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { useFormKeys } from "#app/ui/form-keys";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { ItemForm } from "#app/ui/library";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { standardAction } from "./intents.server";
import { AddHeading, type AddHeadingData, DeleteHeading, Items, NewVersionForm, RenameHeading } from "./parts";
import { domainParam, standardPage } from "./view.server";

/**
 * One standard in the library (issue 13, capability 1; ADR 059), a domain at a time: its
 * principles, standards and items. On the certifier's own draft, its administrators add,
 * rename and delete (empty) headings (ADR 061), add state-specific items (items are edited on their own page) and publish (asked
 * first); a published version never changes, so the page offers "Start a new version"
 * instead. Statements: signing in (3), the standard, its headings, the domain's items.
 */
export const meta: MetaFunction = () => [{ title: "Standard · Hearth" }];

const NOT_FOUND = "We couldn't find that standard.";
const FLASHES = ["created", "published", "deleted"] as const;
const FLASH_WORDS = { created: "Your new draft is ready: edit it, then publish it.", published: "Published. Operators can now start self-assessments on this version.", deleted: "Item deleted." };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "library:read");
  const standardId = uuidParam(params.standardId, NOT_FOUND);
  const s = await orErrorPage(withTenant(ctx.tenant, (tx) => getEditorStandard(tx, standardId, domainParam(request.url))), NOT_FOUND);
  const { flash, headers } = takeFlash(request, FLASHES);
  return data({ ...standardPage(ctx.org.slug, s, can(ctx.role, "library:write")), flash: flash ? FLASH_WORDS[flash] : null }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "library:write");
  const standardId = uuidParam(params.standardId, NOT_FOUND);
  return standardAction(request, ctx.tenant, ctx.org.slug, standardId);
}

export default function StandardPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const lastResult = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  const headingIds = page.editable
    ? [page.domain?.formId, page.domain?.addPrinciple.formId, page.addDomain.formId,
        ...page.principles.flatMap((p) => [p.formId, p.addSection.formId, ...p.sections.map((s) => s.formId)])]
    : [];
  const pageError = pageErrorOf(actionData?.confirm ? null : actionData, [page.editable && "add-item", page.canStartVersion && "new-version", ...headingIds]);
  const rename = (h: { formId: string; kind: string; code: string; title: string }) =>
    page.editable ? (
      <>
        <RenameHeading key={keyFor(h.formId)} h={h} constraint={page.headingConstraint as FormConstraint} lastResult={lastResult(h.formId)} open={actionData?.formId === h.formId && !actionData.notice} />
        <DeleteHeading h={h} />
      </>
    ) : null;
  const addHeading = (a: AddHeadingData) =>
    page.editable ? (
      <AddHeading key={keyFor(a.formId)} a={a} constraint={page.addHeadingConstraint as FormConstraint} lastResult={lastResult(a.formId)} open={actionData?.formId === a.formId && !actionData.notice} />
    ) : null;
  return (
    <div className="space-y-6">
      <PageHeader title={page.title} description={<>{`${page.statusLabel} · ${page.detail} · `}<Link to={page.back}>Back to the library</Link></>} />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={page.here} cancelLabel="Not yet" /> : null}
      <PageNotices notice={actionData?.notice ?? page.flash} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      {page.canStartVersion ? (
        <Card title="Start a new version">
          <p className="mb-3 text-sm text-muted">A published version never changes. To change it, copy it into a new draft version with the same name.</p>
          <NewVersionForm key={keyFor("new-version")} orgId={page.orgId} constraint={page.newVersionConstraint as FormConstraint} lastResult={lastResult("new-version")} />
        </Card>
      ) : null}
      {page.canPublish ? (
        <Card title="Publish this draft">
          <p className="mb-3 text-sm text-muted">Once published, every operator can choose this version, and it can never change again.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <Button type="submit">Publish…</Button>
          </Form>
        </Card>
      ) : null}
      <nav aria-label="Domains" className="flex flex-wrap gap-2">
        {page.domains.map((d) => (
          <Link key={d.code} to={d.href} aria-current={d.current ? "page" : undefined}
            className={`rounded-md border px-3 py-1 text-sm ${d.current ? "border-brand-700 bg-brand-700 text-white" : "border-line"}`}>
            {`${d.code}. ${d.title} (${d.items})`}
          </Link>
        ))}
      </nav>
      {page.domain ? (
        <section aria-labelledby="domain-title" className="space-y-4">
          <h2 id="domain-title" className="text-lg font-semibold">{`${page.domain.code}. ${page.domain.title}`}</h2>
          {rename(page.domain)}
          {addHeading(page.domain.addPrinciple)}
          {page.principles.map((p) => (
            <Card key={p.code} title={`${p.code}. ${p.title}`}>
              {rename(p)}
              {addHeading(p.addSection)}
              {p.sections.map((x) => (
                <section key={x.code} aria-labelledby={`section-${x.code}`} className="mt-4 space-y-2">
                  <h3 id={`section-${x.code}`} className="font-semibold">{`Standard ${x.code}. ${x.title}`}</h3>
                  {rename(x)}
                  <Items items={x.items} editable={page.editable} />
                </section>
              ))}
            </Card>
          ))}
        </section>
      ) : null}
      {page.editable ? <Card title="Add a domain">{addHeading(page.addDomain)}</Card> : null}
      {page.editable ? (
        <Card title="Add a state item">
          <ItemForm key={keyFor("add-item")} id="add-item" intent="add-item" withCode data={page.addItem} defaults={page.addDefaults} lastResult={lastResult("add-item")} submit="Add the item" />
        </Card>
      ) : null}
    </div>
  );
}
