import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { notFound } from "#app/domain/errors.server";
import { agingReport } from "./aging.server";

/**
 * The arrears page's reads: the houses the reader may see (for the filter; a house id that
 * is not one of them is not found), the aging report, and one audit event naming the
 * residents listed. Three statements whatever the number of residents. `page` pages one of
 * the two resident lists (the other shows its first page).
 */
export async function arrearsPage(tx: Tx, houseId: string | null, page: { list: "owing" | "credit"; after: string } | null = null) {
  const houseChoices = await tx.selectFrom("house").select(["id", "name"]).where("org_id", "=", sql<string>`(select current_org_id())`).orderBy("name").orderBy("id").execute();
  if (houseId && !houseChoices.some((h) => h.id === houseId)) throw notFound("House");
  const report = await agingReport(tx, {
    houseId,
    owingAfter: page?.list === "owing" ? page.after : null,
    creditAfter: page?.list === "credit" ? page.after : null,
  });
  await audit(tx, "arrears.listed", houseId ? { type: "house", id: houseId } : null, {
    residentIds: [...report.owing, ...report.credits].map((r) => r.residentId),
  });
  return { houseChoices, report };
}
