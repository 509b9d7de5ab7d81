import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { requireCertifierGrant } from "#app/domain/certification/certification.server";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { houseIdParam } from "#app/ui/params.server";
import type { TenantContext } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { recordVerdict } from "#app/domain/inspections/inspections.server";
import { VerdictInput } from "#app/domain/inspections/schemas";
import { redirectWithFlash } from "#app/ui/flash.server";
import { attempt } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

/**
 * One verdict of inspection mode (ADR 053): its own small POST, an upsert on (inspection,
 * item). JSON for the page's script, a redirect back to the item without JavaScript; 404
 * without an active grant with the certification scope.
 */
async function guard(request: Request, params: Record<string, string | undefined>) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const houseId = houseIdParam(params);
  const inspectionId = uuidParam(params.inspectionId, NO_ACCESS);
  return { ctx, slug, houseId, inspectionId, pageHref: `/o/${ctx.org.slug}/audits/${slug}/houses/${houseId}/inspections/${inspectionId}` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, slug, houseId, inspectionId, pageHref } = await guard(request, params);
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireCertifierGrant(tx, slug, houseId, "certification")), NO_ACCESS);
  return verdictAction(request, { tenant: ctx.tenant, slug, houseId, inspectionId, pageHref });
}

/** The page's address with the item open and in view. */
const itemHref = (pageHref: string, itemId: string | null) => (itemId ? `${pageHref}?at=${itemId}#item-${itemId}` : pageHref);

type Answer = Awaited<ReturnType<typeof attempt>>;
const statusOf = (a: Answer) => (a instanceof Response ? a.status : (a.init?.status ?? 200));

/**
 * One verdict (an upsert on inspection and item). The page's script sends `x-hearth-fetch:
 * verdict` and reads JSON (`{ ok, itemId, savedAt }` or `{ ok: false, error }`); a form posted
 * without JavaScript goes back to the item with a one-time message.
 */
async function verdictAction(request: Request, t: { tenant: TenantContext; slug: string; houseId: string; inspectionId: string; pageHref: string }): Promise<Response> {
  const script = request.headers.get("x-hearth-fetch") === "verdict";
  const formData = await request.formData();
  const rawItem = formData.get("itemId");
  const itemId = typeof rawItem === "string" && z.uuid().safeParse(rawItem).success ? rawItem : null;
  const submission = parseForm(formData, VerdictInput);
  let savedAt: Date | null = null;
  const answer: Answer =
    submission.status !== "success"
      ? await attempt({ formId: "verdict", submission: null }, async () => {
          const first = Object.values(submission.error ?? {}).flat()[0] ?? "Check the verdict and try again.";
          throw new DomainError("invalid", first);
        })
      : await attempt({ formId: "verdict", submission: null }, async () => {
          const r = await withTenant(t.tenant, (tx) => recordVerdict(tx, t.slug, t.houseId, t.inspectionId, submission.value));
          savedAt = r.recordedAt;
          return "saved";
        });
  const status = statusOf(answer);
  const ok = status === 200 && savedAt !== null;
  if (script) {
    const error = ok ? null : ((answer as { data?: { error?: string | null } }).data?.error ?? "Not saved.");
    return Response.json(ok ? { ok, itemId, savedAt: (savedAt as Date | null)?.toISOString() } : { ok, itemId, error }, { status });
  }
  if (status === 404) return new Response("We couldn't find that. Access may have ended or been revoked.", { status: 404 });
  return redirectWithFlash(itemHref(t.pageHref, itemId), ok ? "verdict-saved" : "verdict-refused");
}
