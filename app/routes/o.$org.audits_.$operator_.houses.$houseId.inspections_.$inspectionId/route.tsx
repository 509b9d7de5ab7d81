import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { requireCertifierGrant } from "#app/domain/certification/certification.server";
import { inspectionMode } from "#app/domain/inspections/inspections.server";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import { takeFlash } from "#app/ui/flash.server";
import { Button, PageNotices } from "#app/ui/form";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";
import { houseIdParam } from "#app/ui/params.server";
import { FLASHES, modeAction } from "./actions.server";
import { ItemCard } from "./parts";
import { modeView } from "./view.server";

/**
 * Inspection mode (issue 13, capability 6; ADR 053), for a phone at 390 px on a flaky
 * connection: start the visit, walk the self-assessment's items by domain with the operator's
 * answer beside each, record a verdict per item (its own small POST, see ./parts.tsx), add
 * photos, complete (each not-met verdict becomes a finding). Read-only once completed or
 * cancelled, and for a review-only grant; 404 without an active grant.
 */
export const meta: MetaFunction = () => [{ title: "Inspection · Hearth" }];

const NOTICES: Record<(typeof FLASHES)[number], string> = {
  started: "Inspection started. Record a verdict for each item.",
  completed: "Inspection completed. Not-met items are now findings for the operator.",
  "photo-added": "Photo added.",
  "verdict-saved": "Verdict saved.",
  "verdict-refused": "That verdict was not saved. Choose met, partly met, not met or does not apply, and check the inspection is in progress.",
};

async function guard(request: Request, params: Record<string, string | undefined>) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  return { ctx, slug: operatorParam(params), houseId: houseIdParam(params), inspectionId: uuidParam(params.inspectionId, NO_ACCESS) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, slug, houseId, inspectionId } = await guard(request, params);
  const m = await orErrorPage(withTenant(ctx.tenant, (tx) => inspectionMode(tx, slug, houseId, inspectionId)), NO_ACCESS);
  const at = new URL(request.url).searchParams.get("at");
  const { flash, headers } = takeFlash(request, FLASHES);
  return data({ ...modeView(ctx.org.slug, ctx.org.timeZone, m, at), notice: flash ? NOTICES[flash] : null, refused: flash === "verdict-refused" }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, slug, houseId, inspectionId } = await guard(request, params);
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireCertifierGrant(tx, slug, houseId, "certification")), NO_ACCESS);
  const pageHref = `/o/${ctx.org.slug}/audits/${slug}/houses/${houseId}/inspections/${inspectionId}`;
  return modeAction(request, { tenant: ctx.tenant, slug, houseId, inspectionId, pageHref });
}

export default function InspectionModePage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const [saved, setSaved] = useState<Set<string>>(() => new Set(page.domains.flatMap((d) => d.items.filter((i) => i.verdict).map((i) => i.id))));
  const onSaved = (itemId: string) => setSaved((s) => (s.has(itemId) ? s : new Set(s).add(itemId)));
  const total = page.domains.reduce((n, d) => n + d.items.length, 0);
  const photoFormError = actionData?.formId.startsWith("photo-") ? actionData.error : null;
  const pageError = actionData && !actionData.confirm && !actionData.formId.startsWith("photo-") ? actionData.error : null;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={page.title}
        description={
          <>
            {`${page.day} · ${page.assessmentLabel} · operated by ${page.operatorName}`}
            {page.inspectorName ? ` · inspector ${page.inspectorName}` : ""}
            {" · "}
            <Link to={page.listHref}>All inspections</Link>
          </>
        }
      />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={page.pageHref} /> : null}
      <PageNotices notice={page.notice && !page.refused ? page.notice : null} error={page.refused ? page.notice : pageError} />
      <p>
        <span className="font-medium">Status:</span> <span data-testid="inspection-status">{page.statusLabel}</span>
        {" · "}
        <span data-testid="progress">{page.editable ? `${saved.size} of ${total} recorded` : page.progress}</span>
        {page.status === "completed" ? ` · ${page.findings} finding${page.findings === 1 ? "" : "s"} raised` : ""}
      </p>
      {page.note ? <p className="text-sm">{page.note}</p> : null}
      {page.canStart ? (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <Button type="submit">Start the inspection</Button>
        </Form>
      ) : null}
      {page.status === "completed" || page.status === "cancelled" ? (
        <p className="rounded-md border border-line bg-stone-50 p-3 text-sm">This inspection is {page.statusLabel.toLowerCase()}; its verdicts are locked.</p>
      ) : null}
      {page.domains.map((d) => (
        <details key={d.code} open={d.open} className="rounded-lg border border-line bg-stone-50">
          <summary className="cursor-pointer p-3 font-semibold">
            {d.code}. {d.title} <span className="font-normal text-muted">({d.items.filter((i) => (page.editable ? saved.has(i.id) : i.verdict)).length} of {d.items.length})</span>
          </summary>
          <ul className="space-y-3 p-2">
            {d.items.map((item) => (
              <ItemCard
                key={item.id}
                item={item}
                verdicts={page.verdicts}
                verdictHref={page.verdictHref}
                editable={page.editable}
                photoError={actionData?.formId === `photo-${item.id}` ? photoFormError : null}
                onSaved={onSaved}
              />
            ))}
          </ul>
        </details>
      ))}
      {page.editable ? (
        <Form method="post" className="border-t border-line pt-4">
          <input type="hidden" name="intent" value="complete" />
          <Button type="submit">Complete the inspection…</Button>
        </Form>
      ) : null}
    </div>
  );
}
