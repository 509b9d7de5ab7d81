import { sql } from "kysely";
import { enterPublicForm, type Tx } from "#app/db/tenant.server";
import { findPublicOrg } from "#app/domain/admissions/applications.server";

/** One published house as the public sees it: the listing's public fields and two bed counts. */
export type PublicHouse = {
  houseId: string;
  name: string;
  description: string | null;
  city: string;
  region: string;
  postalCode: string;
  /** Only when the operator chose to show the street address. */
  addressLine1: string | null;
  addressLine2: string | null;
  narrLevel: number;
  populations: string[];
  feesDescription: string | null;
  weeklyFeeCents: number | null;
  contactPhone: string | null;
  contactEmail: string | null;
  /** In-service adult beds (not out of service). */
  bedsMaximum: number;
  /** Of those: available (not held) and not occupied today in the house's zone. */
  bedsAvailable: number;
  updatedAt: string;
};

export type PublicVacancies = { org: { id: string; name: string; slug: string }; houses: PublicHouse[] };

/**
 * An operator's published houses, for the public vacancy page and feed (ADR 042). Run inside
 * `withPlatform`: the org is found by its public slug (as the application form finds it), the
 * database signs the org-only public context (`enter_public_form`), and the one definer function
 * `public_vacancies()` returns the published houses' public fields and counts — nothing else is
 * readable in that context. Null when no operator has that slug.
 */
export async function getPublicVacancies(tx: Tx, slug: string): Promise<PublicVacancies | null> {
  const org = await findPublicOrg(tx, slug);
  if (!org) return null;
  if (!(await enterPublicForm(tx, slug))) return null;
  const { rows } = await sql<{
    house_id: string;
    name: string;
    description: string | null;
    city: string;
    region: string;
    postal_code: string;
    address_line1: string | null;
    address_line2: string | null;
    narr_level: number;
    populations: string[];
    fees_description: string | null;
    weekly_fee_cents: number | null;
    contact_phone: string | null;
    contact_email: string | null;
    beds_maximum: number;
    beds_available: number;
    updated_at: Date;
  }>`select * from public_vacancies()`.execute(tx);
  return {
    org: { id: org.id, name: org.name, slug },
    houses: rows.map((r) => ({
      houseId: r.house_id,
      name: r.name,
      description: r.description,
      city: r.city,
      region: r.region,
      postalCode: r.postal_code,
      addressLine1: r.address_line1,
      addressLine2: r.address_line2,
      narrLevel: r.narr_level,
      populations: r.populations,
      feesDescription: r.fees_description,
      weeklyFeeCents: r.weekly_fee_cents,
      contactPhone: r.contact_phone,
      contactEmail: r.contact_email,
      bedsMaximum: r.beds_maximum,
      bedsAvailable: r.beds_available,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}
