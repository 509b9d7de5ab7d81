import { data } from "@remix-run/node";
import { hit, LIMITS } from "#app/auth/rate-limit.server";
import { withPlatform } from "#app/db/tenant.server";
import { getPublicCertification, type PublicCertification } from "#app/domain/certification/public.server";
import { LEVEL_LABELS } from "#app/domain/standards/labels";
import { PUBLIC_STATUS_LABELS } from "#app/domain/certification/labels";
import { formatDay } from "#app/lib/dates";
import { notFound, requestMeta } from "#app/lib/http.server";
import { appLink } from "#app/lib/links.server";

/** Referral partners and caches may keep a copy for five minutes (a decision changes rarely). */
export const VERIFY_CACHE_CONTROL = "public, max-age=300";

/**
 * The public verification read shared by the page and the certificate (ADR 050): the
 * address's count first (in the same transaction), then the certification's public fields.
 * Unknown, malformed or never-certified links: 404 with nothing in it.
 */
export async function loadPublicCertification(request: Request, token: string | undefined) {
  const meta = requestMeta(request);
  const answer = await withPlatform(meta, async (tx) => {
    const limit = await hit(tx, `verify:ip:${meta.ip ?? "unknown"}`, LIMITS.verifyPerIp);
    if (!limit.allowed) return { status: 429 as const, retryAfter: limit.retryAfterSeconds };
    const found = await getPublicCertification(tx, token ?? "");
    return found ? { status: 200 as const, found } : { status: 404 as const };
  });
  if (answer.status === 429) {
    throw data({ message: "Too many requests from this network. Please try again later." }, { status: 429, headers: { "Retry-After": String(answer.retryAfter) } });
  }
  if (answer.status === 404) notFound("We couldn't find that certification. Check the link you were given.");
  return data(publicView(answer.found, token!), { headers: { "Cache-Control": VERIFY_CACHE_CONTROL } });
}

/** The public fields in words. */
function publicView(c: PublicCertification, token: string) {
  const valid = c.status === "certified" || c.status === "conditional";
  return {
    houseName: c.houseName,
    place: c.place,
    operatorName: c.operatorName,
    certifierName: c.certifierName,
    level: LEVEL_LABELS[c.level] ?? `Level ${c.level}`,
    status: c.status,
    statusLabel: PUBLIC_STATUS_LABELS[c.status] ?? c.status,
    valid,
    renewalInProgress: c.renewalInProgress,
    decided: c.decidedOn ? formatDay(c.decidedOn, "MMMM d, yyyy") : null,
    decidedIso: c.decidedOn,
    expires: c.expiresOn ? formatDay(c.expiresOn, "MMMM d, yyyy") : null,
    expiresIso: c.expiresOn,
    firstCertified: formatDay(c.firstCertifiedOn, "MMMM d, yyyy"),
    pageHref: `/verify/${token}`,
    certificateHref: `/verify/${token}/certificate`,
    pageUrl: appLink(`/verify/${token}`),
  };
}

export type PublicCertificationView = ReturnType<typeof publicView>;
