import { createHash, randomUUID } from "node:crypto";
import type { Tx } from "#app/db/tenant.server";
import { recordFile, type StoredUpload } from "#app/domain/files/files.server";
import { addCheck, addComplianceDocument, logCheck } from "#app/domain/safety/safety.server";

/** A stored upload's description for tests that need a file row but no bytes in storage. */
export function fakeStored(orgId: string, overrides: Partial<StoredUpload> = {}): StoredUpload {
  return {
    storageKey: `${orgId}/${randomUUID()}.pdf`,
    sha256: createHash("sha256").update(randomUUID()).digest("hex"),
    size: 1234,
    contentType: "application/pdf",
    extension: "pdf",
    originalName: "certificate.pdf",
    ...overrides,
  };
}

/** One of each safety row in a house: a naloxone check logged with a photo, an insurance document (expired 2026-01-10). */
export async function populateSafety(tx: Tx, orgId: string, houseId: string) {
  const checkId = await addCheck(tx, { houseId, kind: "naloxone", name: "Naloxone kit", intervalDays: 30, firstDueOn: "2026-01-01" });
  const fileId = await recordFile(tx, fakeStored(orgId), { houseId });
  const logId = await logCheck(tx, { houseId, checkId, doneOn: "2026-01-02", result: "ok", expiresOn: "2027-01-01" }, fileId);
  const documentId = await addComplianceDocument(tx, { houseId, kind: "insurance", title: "Liability policy", expiresOn: "2026-01-10" }, fileId);
  return { checkId, fileId, logId, documentId };
}
