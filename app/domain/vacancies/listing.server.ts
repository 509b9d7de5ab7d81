import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { ListingInput, type Listing } from "./schemas";

/** A house's public listing as its form shows it (an unlisted house: everything off and empty). */
export async function getHouseListing(tx: Tx, houseId: string): Promise<Listing & { houseName: string; updatedAt: Date | null }> {
  const id = parseInput(idSchema, houseId);
  const row = await tx
    .selectFrom("house as h")
    .leftJoin("house_listing as l", (j) => j.onRef("l.org_id", "=", "h.org_id").onRef("l.house_id", "=", "h.id"))
    .select([
      "h.name",
      "l.published",
      "l.description",
      "l.fees_description",
      "l.weekly_fee_cents",
      "l.contact_phone",
      "l.contact_email",
      "l.show_street_address",
      "l.updated_at",
    ])
    .where("h.id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("House");
  return {
    houseName: row.name,
    published: row.published ?? false,
    description: row.description,
    feesDescription: row.fees_description,
    weeklyFee: row.weekly_fee_cents,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    showStreetAddress: row.show_street_address ?? false,
    updatedAt: row.updated_at,
  };
}

/**
 * Save a house's public listing (owners and admins: RLS refuses the others). Audited with
 * which public fields are set, never their text.
 */
export async function saveHouseListing(tx: Tx, houseId: string, input: ListingInput): Promise<void> {
  const id = parseInput(idSchema, houseId);
  const data = parseInput(ListingInput, input);
  const house = await tx.selectFrom("house").select(["id", "org_id"]).where("id", "=", id).executeTakeFirst();
  if (!house) throw notFound("House");
  const values = {
    published: data.published,
    description: data.description,
    fees_description: data.feesDescription,
    weekly_fee_cents: data.weeklyFee,
    contact_phone: data.contactPhone,
    contact_email: data.contactEmail,
    show_street_address: data.showStreetAddress,
  };
  await guardDb(
    tx
      .insertInto("house_listing")
      .values({ org_id: house.org_id, house_id: id, ...values })
      .onConflict((oc) => oc.columns(["org_id", "house_id"]).doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute(),
  );
  await audit(tx, "house.listing_saved", { type: "house", id }, {
    published: data.published,
    fields: Object.entries(values)
      .filter(([k, v]) => k !== "published" && v !== null && v !== false)
      .map(([k]) => k),
  });
}
