import { sql, type RawBuilder } from "kysely";
import type { AssessmentCommentKind } from "#app/db/schema";

/**
 * The review threads' SQL (ADR 053), nested by the pages' item queries on both sides
 * (`certifierAssessment`, `getAssessment`, `getAssessmentItem`) so threads for every item
 * come in the items' own statement, and by the counts in threads.server.ts.
 *
 * **The one rule**: an item's clarification is open while its latest clarification has no
 * later reply in the same body's thread — `unansweredClarification`, the only place that
 * says it.
 */

export type ThreadEntry = {
  id: string;
  kind: AssessmentCommentKind;
  body: string;
  certifierOrgId: string;
  certifierName: string;
  authorName: string | null;
  authorOrgName: string | null;
  /** Written by the certifying body (else by the operator). */
  fromBody: boolean;
  at: string;
};

/** `c` (an assessment_comment alias) is a clarification no reply in its thread came after. */
export function unansweredClarification(c: string): RawBuilder<boolean> {
  const ref = (col: string) => sql.ref(`${c}.${col}`);
  return sql<boolean>`(${ref("kind")} = 'clarification' and not exists (
    select 1 from assessment_comment r
    where r.org_id = ${ref("org_id")} and r.assessment_id = ${ref("assessment_id")} and r.item_id = ${ref("item_id")}
      and r.certifier_org_id = ${ref("certifier_org_id")} and r.kind = 'reply' and r.created_at >= ${ref("created_at")} and r.id <> ${ref("id")}))`;
}

/** An item's thread entries (alias `i` for assessment_item), oldest first, as RLS lets the caller see them. */
export function threadSql(i = "i"): RawBuilder<ThreadEntry[]> {
  const ref = (col: string) => sql.ref(`${i}.${col}`);
  return sql<ThreadEntry[]>`coalesce((
    select json_agg(json_build_object('id', c.id, 'kind', c.kind, 'body', c.body, 'certifierOrgId', c.certifier_org_id, 'certifierName', b.name,
      'authorName', u.name, 'authorOrgName', ao.name, 'fromBody', c.author_org_id = c.certifier_org_id, 'at', c.created_at) order by c.created_at, c.id)
    from assessment_comment c
    join org b on b.id = c.certifier_org_id
    left join app_user u on u.id = c.author_user_id
    left join org ao on ao.id = c.author_org_id
    where c.org_id = ${ref("org_id")} and c.assessment_id = ${ref("assessment_id")} and c.item_id = ${ref("id")}), '[]'::json)`;
}

/** The certifying bodies whose clarification on the item (alias `i`) is open. */
export function openBodiesSql(i = "i"): RawBuilder<string[]> {
  const ref = (col: string) => sql.ref(`${i}.${col}`);
  return sql<string[]>`coalesce((
    select json_agg(distinct c.certifier_org_id) from assessment_comment c
    where c.org_id = ${ref("org_id")} and c.assessment_id = ${ref("assessment_id")} and c.item_id = ${ref("id")} and ${unansweredClarification("c")}), '[]'::json)`;
}

export type BodyThread = { certifierOrgId: string; certifierName: string; open: boolean; entries: ThreadEntry[] };

/** An item's entries grouped per certifying body (the operator sees every body's thread). */
export function threadsByBody(entries: ThreadEntry[], openBodies: string[]): BodyThread[] {
  const out = new Map<string, BodyThread>();
  for (const e of entries) {
    const t = out.get(e.certifierOrgId) ?? { certifierOrgId: e.certifierOrgId, certifierName: e.certifierName, open: openBodies.includes(e.certifierOrgId), entries: [] };
    t.entries.push(e);
    out.set(e.certifierOrgId, t);
  }
  return [...out.values()];
}

