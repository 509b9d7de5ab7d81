import { sql, type Kysely } from "kysely";

/**
 * Resident-identifying evidence shared with a certifier under the resident's consent
 * (issue 13, capability 5's remainder; ADR 054).
 *
 *  - assessment_evidence gains shared_resident_id and shared_information: the operator marks
 *    a piece of evidence as being about one resident and shareable with the certifier, and
 *    names which kind of information it shows (the consent's categories, ADR 040). Both or
 *    neither. Written only when the evidence is added, so only while the assessment is a
 *    draft (the lock trigger of 0040 refuses every change afterwards): what a certifier may
 *    be shown is fixed at submission, like the rest of the evidence.
 *  - certifier_consent_covers(org, resident, information): true only for a certifier role
 *    whose org holds an active grant from `org` and for which the resident has an active
 *    consent (signed, not revoked, not expired: consent_is_active) whose recipient is that
 *    certifier (`certifier:<org uuid>`), for the certification purpose, covering the kind
 *    of information. Security definer, like certifier_grant_covers.
 *  - The certifier's evidence policy: evidence marked as about a resident shows only while
 *    certifier_consent_covers() holds (revocation or expiry take effect at once); unmarked
 *    evidence that links into resident records stays hidden as before (0049). Files named
 *    only by hidden evidence stay hidden (file_certifier_select reads evidence under RLS).
 *  - certifier_disclose_evidence(org, assessment): writes one granted disclosure row in the
 *    operator's org for each consent-covered piece of evidence the certifier is shown (what
 *    'certifier_evidence', to the certifier, under the consent), which the resident reads in
 *    their disclosure log. The disclosure guard (0033/0045) re-checks the consent.
 *  - certifier_evidence_withheld(org, assessment): per item, how many pieces of evidence the
 *    certifier is not shown (counts only), so the page can say so.
 *
 * The operator's grants list is paged (keyset on created_at, id): its index gains the id.
 *
 * The definer functions run as hearth_owner, whose reads are bound by forced RLS too: narrow
 * owner-only policies let them see the consents naming the calling certifier, the stays and
 * houses their activity depends on, and the evidence of assessments the certifier may review
 * — only while the caller is a certifier with an active grant from that org.
 */

const CERTIFIER = `(select current_app_role()) in ('certifier_admin', 'auditor')`;
const SUBMITTED_COVERED = (t: string) =>
  `(${CERTIFIER} and exists (select 1 from assessment a where a.org_id = ${t}.org_id and a.id = ${t}.assessment_id and a.status = 'submitted'))`;
const RESIDENT_LINK = `link_path ~ '^/o/[a-z0-9-]+/(residents|stays|applications|letters|receipts|admit|me)(/|$)|/fees/[0-9a-f-]{36}|/documents/signed/'`;
const INFORMATION = `('residence', 'participation', 'payments', 'plan', 'referrals', 'treatment')`;
const OPERATOR_GRANTED = `(${CERTIFIER} and certifier_grant_covers(org_id, null, 'review'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table assessment_evidence
      add column shared_resident_id uuid,
      add column shared_information text constraint assessment_evidence_shared_information check (shared_information in ${INFORMATION}),
      add constraint assessment_evidence_shared check ((shared_resident_id is null) = (shared_information is null)),
      add constraint assessment_evidence_resident_fk foreign key (org_id, shared_resident_id) references resident (org_id, id);
    create index assessment_evidence_resident_idx on assessment_evidence (org_id, shared_resident_id) where shared_resident_id is not null;
    grant insert (shared_resident_id, shared_information) on assessment_evidence to hearth_app;

    -- What the definer functions below may read as the owner (forced RLS binds it too).
    create policy consent_certifier_read on consent for select to hearth_owner using (
      recipient_ref = 'certifier:' || current_org_id()::text and ${OPERATOR_GRANTED});
    create policy stay_certifier_read on stay for select to hearth_owner using (${OPERATOR_GRANTED});
    create policy house_certifier_read on house for select to hearth_owner using (${OPERATOR_GRANTED});
    create policy assessment_evidence_certifier_count on assessment_evidence for select to hearth_owner using (
      ${SUBMITTED_COVERED("assessment_evidence")});
    create policy disclosure_certifier_insert on disclosure for insert to hearth_owner with check (
      what = 'certifier_evidence' and recipient_ref = 'certifier:' || current_org_id()::text and ${OPERATOR_GRANTED});

    create function certifier_consent_covers(p_org uuid, p_resident uuid, p_information text) returns boolean
      language sql stable security definer set search_path = pg_catalog, public as $$
      select certifier_grant_covers(p_org, null, 'review') and exists (
        select 1 from consent c
        where c.org_id = p_org and c.resident_id = p_resident
          and c.recipient_ref = 'certifier:' || current_org_id()::text
          and c.purpose = 'certification' and p_information = any (c.information)
          and consent_is_active(c))
    $$;
    revoke all on function certifier_consent_covers(uuid, uuid, text) from public;
    grant execute on function certifier_consent_covers(uuid, uuid, text) to hearth_app;

    -- One granted disclosure per consent-covered piece of evidence shown; returns them.
    create function certifier_disclose_evidence(p_org uuid, p_assessment uuid)
      returns table (disclosure_id uuid, evidence_id uuid)
      language plpgsql volatile security definer set search_path = pg_catalog, public as $$
    declare
      me uuid := current_org_id();
      body text;
      e record;
      d uuid;
    begin
      if not certifier_grant_covers(p_org, null, 'review') then
        raise exception 'no active audit grant covers this' using errcode = '42501', constraint = 'audit_grant_required';
      end if;
      select left(o.name, 200) into body from org o where o.id = me;
      for e in
        select x.id, x.shared_resident_id, x.shared_information, coalesce(a.house_id, k.house_id) as house_id, k.id as consent_id
        from assessment_evidence x
        join assessment a on a.org_id = x.org_id and a.id = x.assessment_id
        cross join lateral (
          select c.id, c.house_id from consent c
          where c.org_id = x.org_id and c.resident_id = x.shared_resident_id
            and c.recipient_ref = 'certifier:' || me::text and c.purpose = 'certification'
            and x.shared_information = any (c.information) and consent_is_active(c)
          order by c.signed_at desc, c.id limit 1) k
        where x.org_id = p_org and x.assessment_id = p_assessment and x.shared_resident_id is not null
          and a.status = 'submitted' and certifier_grant_covers(a.org_id, a.house_id, 'review')
        order by x.created_at, x.id
      loop
        -- the id is made here: the row is not the owner's to read back (RETURNING needs select)
        d := gen_random_uuid();
        insert into disclosure (id, org_id, house_id, resident_id, consent_id, what, recipient_kind, recipient_name, recipient_ref,
          purpose, information, outcome)
        values (d, p_org, e.house_id, e.shared_resident_id, e.consent_id, 'certifier_evidence', 'organisation', body, 'certifier:' || me::text,
          'certification', array[e.shared_information], 'granted');
        disclosure_id := d;
        evidence_id := e.id;
        return next;
      end loop;
    end $$;
    revoke all on function certifier_disclose_evidence(uuid, uuid) from public;
    grant execute on function certifier_disclose_evidence(uuid, uuid) to hearth_app;

    -- Per item, the evidence the certifier is not shown: counts only, never a row.
    create function certifier_evidence_withheld(p_org uuid, p_assessment uuid)
      returns table (item_id uuid, withheld int)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select x.item_id, count(*)::int
      from assessment_evidence x
      join assessment a on a.org_id = x.org_id and a.id = x.assessment_id
      where x.org_id = p_org and x.assessment_id = p_assessment and a.status = 'submitted'
        and certifier_grant_covers(a.org_id, a.house_id, 'review')
        and case when x.shared_resident_id is not null
              then not certifier_consent_covers(x.org_id, x.shared_resident_id, x.shared_information)
              else x.link_path is not null and x.${RESIDENT_LINK} end
      group by x.item_id
    $$;
    revoke all on function certifier_evidence_withheld(uuid, uuid) from public;
    grant execute on function certifier_evidence_withheld(uuid, uuid) to hearth_app;

    -- The grants list is paged by (created_at, id), newest first (ADR 034).
    drop index audit_grant_org_idx;
    create index audit_grant_org_idx on audit_grant (org_id, created_at desc, id desc);

    -- The certifier's evidence policy: consent-covered resident evidence, or evidence that is
    -- not about a resident (0049's rule for unmarked links).
    drop policy assessment_evidence_certifier_select on assessment_evidence;
    create policy assessment_evidence_certifier_select on assessment_evidence for select using (
      ${SUBMITTED_COVERED("assessment_evidence")} and case
        when shared_resident_id is not null then certifier_consent_covers(org_id, shared_resident_id, shared_information)
        else link_path is null or not (${RESIDENT_LINK}) end);
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
