import type { Tx } from "#app/db/tenant.server";
import { listCurrentDocuments } from "#app/domain/documents/documents.server";
import { DOCUMENT_KIND_LABELS } from "#app/domain/documents/schemas";
import { listHouseSignatureStatus } from "#app/domain/documents/signatures.server";
import { DomainError } from "#app/domain/errors.server";
import { formatDateTime, formatInZone } from "#app/lib/dates";

/**
 * Who has signed what in one house, in words: per kind in force, the version and
 * whether it is the house's own, then each current resident's signature. Two
 * statements and the `listed` audit entry, whatever the number of residents.
 */
export async function houseDocumentsView(tx: Tx, houseId: string) {
  const current = await listCurrentDocuments(tx, [houseId]);
  const house = current[0];
  if (!house) throw new DomainError("not_found", "House not found.");
  const status = await listHouseSignatureStatus(tx, houseId);
  const zone = house.timeZone;
  const day = (d: Date) => formatInZone(d, zone, "MMM d, yyyy");
  return {
    houseName: house.houseName,
    kinds: current.map((c) => {
      const rows = status.filter((s) => s.kind === c.kind);
      return {
        kind: c.kind,
        label: DOCUMENT_KIND_LABELS[c.kind],
        version: c.version,
        versionId: c.versionId,
        own: c.own,
        publishedAt: c.publishedAt ? formatDateTime(c.publishedAt, zone) : null,
        signed: rows.filter((r) => r.signatureId).length,
        residents: rows.map((r) => ({
          residentId: r.residentId,
          name: r.name,
          signatureId: r.signatureId,
          status: r.signedAt
            ? `Signed version ${r.version} on ${day(r.signedAt)}`
            : r.earlierVersion && r.earlierSignedAt
              ? `Not yet signed version ${r.version} (signed version ${r.earlierVersion} on ${day(r.earlierSignedAt)})`
              : `Not yet signed`,
        })),
      };
    }),
  };
}
