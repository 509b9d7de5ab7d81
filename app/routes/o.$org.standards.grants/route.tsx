import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { localToday } from "#app/domain/dates.server";
import { certifierOptions, listGrants } from "#app/domain/grants/grants.server";
import { GRANT_SCOPE_LABELS, GRANT_SCOPES, GRANT_STATUS_LABELS } from "#app/domain/grants/labels";
import { listHouseNames } from "#app/domain/houses/houses.server";
import { formatDay } from "#app/lib/dates";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { formConstraint } from "#app/ui/constraint";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { useFormKeys } from "#app/ui/form-keys";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { badRequest } from "#app/lib/http.server";
import { Pager } from "#app/ui/pager";
import { grantsAction, grantsQuery, issueSchema } from "./forms.server";
import { IssueForm } from "./parts";

/**
 * Audit grants (issue 13, capability 5; ADR 049): owners and admins give a certifying body
 * access to some houses for a while — review or certification — and revoke it (asked first).
 * The list shows every grant, newest first, a page at a time (keyset, ADR 034): active,
 * starting later, ended, revoked. Statements: signing in (3), the grants with their houses,
 * the certifying bodies, the houses, today.
 */
export const meta: MetaFunction = () => [{ title: "Certifier access · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "grants:manage");
  const parsed = grantsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of the list could not be found. Start from the first page.");
  const { grants, certifiers, houses, today } = await withTenant(ctx.tenant, async (tx) => ({
    grants: await listGrants(tx, { cursor: parsed.data.cursor }),
    certifiers: await certifierOptions(tx),
    houses: await listHouseNames(tx),
    today: await localToday(tx),
  }));
  return {
    base: `/o/${ctx.org.slug}/standards/grants`,
    standards: `/o/${ctx.org.slug}/standards`,
    today,
    constraint: formConstraint(issueSchema),
    certifiers: certifiers.map((c) => ({ value: c.id, label: c.name })),
    houses: houses.filter((h) => !h.archived).map((h) => ({ value: h.id, label: h.name })),
    scopes: GRANT_SCOPES.map((s) => ({ value: s, label: GRANT_SCOPE_LABELS[s] })),
    next: grants.next,
    grants: grants.items.map((g) => ({
      id: g.id,
      certifierName: g.certifierName,
      scopeLabel: GRANT_SCOPE_LABELS[g.scope],
      statusLabel: GRANT_STATUS_LABELS[g.status],
      days: `${formatDay(g.startsOn)} – ${g.endsOn ? formatDay(g.endsOn) : "until revoked"}`,
      note: g.note,
      houses: g.houses.map((h) => h.name).join(", "),
      canRevoke: g.status !== "revoked",
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "grants:manage");
  return grantsAction(request, ctx.tenant);
}

export default function GrantsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const pageError = pageErrorOf(actionData?.confirm ? null : actionData, ["issue"]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Certifier access"
        description={<>Audit grants: which certifying body may review which houses, and until when. <Link to={data.standards}>Back to Standards</Link></>}
      />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={data.base} cancelLabel="Keep access" /> : null}
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      <Card title="Grants">
        {data.grants.length === 0 ? (
          <EmptyState title="No certifying body has access yet." />
        ) : (
          <ul className="divide-y divide-line">
            {data.grants.map((g) => (
              <li key={g.id} className="space-y-1 py-3" data-grant={g.id}>
                <h3 className="font-semibold">{g.certifierName} <span className="font-normal text-muted">· {g.statusLabel}</span></h3>
                <p className="text-sm">{g.scopeLabel}</p>
                <p className="text-sm">{g.days}</p>
                <p className="text-sm">Houses: {g.houses}</p>
                {g.note ? <p className="text-sm text-muted">{g.note}</p> : null}
                {g.canRevoke ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="grantId" value={g.id} />
                    <Button type="submit" variant="secondary">Revoke<span className="sr-only"> {g.certifierName}'s access</span></Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pager next={data.next} nextLabel="Older grants" />
      </Card>
      <IssueForm key={keyFor("issue")} certifiers={data.certifiers} houses={data.houses} scopes={data.scopes} today={data.today}
        constraint={data.constraint} lastResult={actionData?.formId === "issue" ? actionData.result : null} />
    </div>
  );
}
