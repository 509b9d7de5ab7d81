import { createHash } from "node:crypto";
import { hit, LIMITS } from "#app/auth/rate-limit.server";
import type { Tx } from "#app/db/tenant.server";
import { getPublicVacancies, type PublicVacancies } from "#app/domain/vacancies/public.server";

export type VacancyRead = { status: 200; vacancies: PublicVacancies } | { status: 404 } | { status: 429; retryAfter: number };

/**
 * The public vacancy read shared by the page and the feed: the address's count first (a
 * refusal commits its count), then the org's published houses (ADR 042).
 */
export async function readPublicVacancies(tx: Tx, slug: string, ip: string | null): Promise<VacancyRead> {
  const limit = await hit(tx, `vacancies:ip:${ip ?? "unknown"}`, LIMITS.vacanciesPerIp);
  if (!limit.allowed) return { status: 429, retryAfter: limit.retryAfterSeconds };
  const vacancies = await getPublicVacancies(tx, slug);
  return vacancies ? { status: 200, vacancies } : { status: 404 };
}

/** A strong validator for a body: the same published data gives the same tag. */
export const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

/** Caches and directories may keep a copy for five minutes (counts change on move-in days). */
export const VACANCY_CACHE_CONTROL = "public, max-age=300";
