import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { getSafetyHouse, listChecks, listComplianceDocuments, listLogEntries } from "#app/domain/safety/safety.server";
import { CHECK_KIND_LABELS, CHECK_KINDS, CHECK_RESULT_LABELS, CHECK_RESULTS, COMPLIANCE_KIND_LABELS, COMPLIANCE_KINDS, DEFAULT_INTERVAL_DAYS } from "#app/domain/safety/labels";
import { cursorParam } from "#app/lib/cursor.server";
import { formatDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { UPLOAD_ACCEPT, UPLOAD_TYPES_TEXT, uploadMaxBytes } from "#app/lib/storage.server";
import { formatBytes } from "#app/domain/files/files.server";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, type FormActionData } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { pageErrorOf } from "#app/ui/page-error";
import { PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { addCheckSchema, documentSchema, logSchema } from "./forms.server";
import { safetyAction } from "./intents.server";
import { AddCheckForm, AddDocumentForm, ChecksCard, DocumentsCard, HistoryCard, LogForm } from "./parts";

/**
 * A house's safety and compliance log (issue 13, capability 3; ADR 044), phone-first for
 * house managers: the recurring checks with due and overdue flags, logging a check (with a
 * photo), the compliance documents with their expiry and file, and the history of checks
 * (keyset-paged). Seven statements: signing in (3), the house, the checks, the history,
 * the documents.
 */
export const meta: MetaFunction = () => [{ title: "Safety · Hearth" }];

const querySchema = z.strictObject({ cursor: cursorParam.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of the history isn't valid. Go back to the start of the list.");
  const found = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await getSafetyHouse(tx, houseId);
      const checks = await listChecks(tx, houseId, house.today);
      const history = await listLogEntries(tx, houseId, parsed.data.cursor ?? null);
      const documents = await listComplianceDocuments(tx, houseId, house.today);
      return { house, checks, history, documents };
    }),
    NOT_FOUND.house,
  );
  const houseBase = `/o/${ctx.org.slug}/houses/${houseId}`;
  const fileHref = (id: string) => `/o/${ctx.org.slug}/files/${id}`;
  const day = (d: string | null) => (d ? formatDay(d) : null);
  return {
    houseBase,
    sections: houseSections(ctx.role),
    house: { name: found.house.name },
    today: found.house.today,
    canWrite: can(ctx.role, "safety:write"),
    checks: found.checks.map((c) => ({ ...c, dueLabel: day(c.dueOn)!, lastDoneLabel: day(c.lastDoneOn), expiresLabel: day(c.lastExpiresOn) })),
    history: found.history.items.map((l) => ({
      ...l,
      doneLabel: day(l.doneOn)!,
      expiresLabel: day(l.expiresOn),
      resultLabel: CHECK_RESULT_LABELS[l.result],
      photoHref: l.photoFileId ? fileHref(l.photoFileId) : null,
    })),
    next: found.history.next,
    documents: found.documents.map((d) => ({ ...d, kindLabel: COMPLIANCE_KIND_LABELS[d.kind], expiresLabel: day(d.expiresOn), href: fileHref(d.fileId) })),
    options: {
      kinds: CHECK_KINDS.map((k) => ({ value: k, label: CHECK_KIND_LABELS[k] })),
      results: CHECK_RESULTS.map((r) => ({ value: r, label: CHECK_RESULT_LABELS[r] })),
      documentKinds: COMPLIANCE_KINDS.map((k) => ({ value: k, label: COMPLIANCE_KIND_LABELS[k] })),
      checks: found.checks.map((c) => ({ value: c.id, label: c.name })),
      defaultIntervals: DEFAULT_INTERVAL_DAYS,
    },
    upload: { accept: UPLOAD_ACCEPT, hint: `${UPLOAD_TYPES_TEXT}, up to ${formatBytes(uploadMaxBytes())}.` },
    constraints: { addCheck: formConstraint(addCheckSchema), log: formConstraint(logSchema), document: formConstraint(documentSchema) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "safety:write");
  const houseId = houseIdParam(params);
  await orErrorPage(withTenant(ctx.tenant, (tx) => getSafetyHouse(tx, houseId)), NOT_FOUND.house);
  return safetyAction(request, { tenant: ctx.tenant, orgId: ctx.org.id }, houseId);
}

export type SafetyData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SafetyTab() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const pageError = pageErrorOf(actionData, data.canWrite ? ["add-check", "log", "add-document"] : []);
  return (
    <div className="space-y-6">
      <PageHeader title="Safety" description={`${data.house.name}. Regular safety checks and the house's compliance documents.`} />
      <HouseNav houseBase={data.houseBase} sections={data.sections} />
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      <ChecksCard data={data} />
      {data.canWrite && data.checks.length ? <LogForm key={keyFor("log")} data={data} actionData={actionData} /> : null}
      <DocumentsCard data={data} />
      {data.canWrite ? <AddDocumentForm key={keyFor("add-document")} data={data} actionData={actionData} /> : null}
      {data.canWrite ? <AddCheckForm key={keyFor("add-check")} data={data} actionData={actionData} /> : null}
      <HistoryCard data={data} />
    </div>
  );
}
