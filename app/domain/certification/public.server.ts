import { sql } from "kysely";
import { enterVerify, type Tx } from "#app/db/tenant.server";

/** What a public verification link shows: the house, its operator and certifying body, and the decision. No resident. */
export type PublicCertification = {
  houseName: string;
  place: string;
  operatorName: string;
  certifierName: string;
  level: number;
  /** certified, conditional, denied, expired or revoked: the decision in force today. */
  status: string;
  /** A renewal (or appeal) is being reviewed; the status is the decision still in force. */
  renewalInProgress: boolean;
  decidedOn: string | null;
  expiresOn: string | null;
  firstCertifiedOn: string;
};

const TOKEN = /^[0-9a-f]{32}$/;

/**
 * A certification by its public link (ADR 050). Run inside `withPlatform`: the database finds
 * the certification by the token and signs the org-only public context (`enter_verify`), and
 * the one definer function `public_certification(token)` returns only the public fields.
 * Null for a malformed or unknown token, or a certification that was never granted.
 */
export async function getPublicCertification(tx: Tx, token: string): Promise<PublicCertification | null> {
  if (!TOKEN.test(token)) return null;
  if (!(await enterVerify(tx, token))) return null;
  const { rows } = await sql<{
    house_name: string;
    city: string;
    region: string;
    operator_name: string;
    certifier_name: string;
    level: number;
    status: string;
    renewal_in_progress: boolean;
    decided_on: string | null;
    expires_on: string | null;
    first_certified_on: string;
  }>`select house_name, city, region, operator_name, certifier_name, level, status, renewal_in_progress,
      decided_on::text, expires_on::text, first_certified_on::text from public_certification(${token})`.execute(tx);
  const r = rows[0];
  if (!r) return null;
  return {
    houseName: r.house_name,
    place: `${r.city}, ${r.region}`,
    operatorName: r.operator_name,
    certifierName: r.certifier_name,
    level: r.level,
    status: r.status,
    renewalInProgress: r.renewal_in_progress,
    decidedOn: r.decided_on,
    expiresOn: r.expires_on,
    firstCertifiedOn: r.first_certified_on,
  };
}
