import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { recordFile, storeUpload } from "#app/domain/files/files.server";
import { addCheck, addComplianceDocument, logCheck } from "#app/domain/safety/safety.server";
import { addDays } from "#app/lib/dates";
import { discardStaged, stageUpload } from "#app/lib/storage.server";

/**
 * Demo safety and compliance log (ADR 044) in each of Riverside's active houses: smoke/CO
 * detectors done on time, extinguishers overdue (last done 40 days ago on a 30-day
 * interval), naloxone logged with its expiry, a quarterly evacuation drill; and two
 * documents — liability insurance expiring in 12 days (a reminder is due) and the
 * occupancy permit valid for a year — each with a small PDF in the configured storage.
 * Through the domain API as the org's owner, under RLS.
 */

type SeedInput = { orgs: { riverside: { id: string } }; users: Record<string, { id: string }> };

const pdf = (title: string) =>
  Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, "latin1");

async function* once(buf: Buffer) {
  yield new Uint8Array(buf);
}

export async function seedSafetyDemo({ orgs, users }: SeedInput) {
  const orgId = orgs.riverside.id;
  const owner: TenantContext = { orgId, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  const houses = await withTenant(owner, async (tx) =>
    (
      await sql<{ id: string; today: string }>`select h.id, ((now() at time zone h.time_zone)::date)::text as today from house h
        where h.org_id = current_org_id() and h.status = 'active' order by h.name`.execute(tx)
    ).rows,
  );
  for (const { id: houseId, today } of houses) {
    await withTenant(owner, async (tx) => {
      const smoke = await addCheck(tx, { houseId, kind: "smoke_co", name: "Smoke and CO detectors", intervalDays: 30, firstDueOn: addDays(today, -120) });
      const ext = await addCheck(tx, { houseId, kind: "extinguisher", name: "Fire extinguishers", intervalDays: 30, firstDueOn: addDays(today, -120) });
      const nal = await addCheck(tx, { houseId, kind: "naloxone", name: "Naloxone kit", intervalDays: 30, firstDueOn: addDays(today, -120) });
      const drill = await addCheck(tx, { houseId, kind: "evacuation_drill", name: "Evacuation drill", intervalDays: 90, firstDueOn: addDays(today, -120) });
      for (const d of [-95, -65, -35, -6]) await logCheck(tx, { houseId, checkId: smoke, doneOn: addDays(today, d), result: "ok" });
      for (const d of [-100, -70, -40]) await logCheck(tx, { houseId, checkId: ext, doneOn: addDays(today, d), result: "ok" });
      await logCheck(tx, { houseId, checkId: nal, doneOn: addDays(today, -12), result: "ok", notes: "Two kits in the kitchen cabinet.", expiresOn: addDays(today, 400) });
      await logCheck(tx, { houseId, checkId: drill, doneOn: addDays(today, -50), result: "needs_attention", notes: "Back door sticks; reported to the landlord." });
    });
    const docs = [
      { kind: "insurance" as const, title: "General liability insurance", expiresOn: addDays(today, 12), name: "liability-insurance.pdf" },
      { kind: "occupancy_permit" as const, title: "Certificate of occupancy", expiresOn: addDays(today, 365), name: "occupancy-permit.pdf" },
    ];
    for (const d of docs) {
      const staged = await stageUpload(once(pdf(d.title)), { filename: d.name, maxBytes: 1024 * 1024 });
      try {
        const stored = await storeUpload(orgId, staged, { field: "file" });
        await withTenant(owner, async (tx) => {
          const fileId = await recordFile(tx, stored, { houseId });
          await addComplianceDocument(tx, { houseId, kind: d.kind, title: d.title, expiresOn: d.expiresOn }, fileId);
        });
      } finally {
        await discardStaged(staged);
      }
    }
  }
}
