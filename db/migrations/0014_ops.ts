import { sql, type Kysely } from "kysely";

/**
 * Operations: one-time TOTP codes, the two-step requirement, dead letters per org.
 *
 * 1. TOTP replay: app_user.totp_last_step is the last 30-second step whose code was
 *    accepted for the user; a code is accepted only for a later step, so a code seen
 *    once (over a shoulder, in a proxy log) cannot be used again. Only hearth_auth
 *    reads or writes it, as with the secret.
 * 2. org.require_two_factor may be changed by an owner only (the settings page asks the
 *    owner; this trigger holds whatever SQL the app role sends). Other columns keep the
 *    org_update policy (owners and admins).
 * 3. Dead letters visible to operators: owners and admins (certifier admins in a
 *    certifier org) read their org's outbox rows, but only the columns that say what
 *    happened — never the payload (addresses, links with tokens, bodies). The recipient
 *    is kept masked in recipient_mask and the kind of message in purpose, both written
 *    when the job is queued. They may put a dead job back in the queue (status
 *    dead → pending); nothing else.
 */
const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const SIGNED_IN = `(select current_app_user_id()) is not null`;
const TEAM_ADMIN = `${ROLE} in ('owner', 'admin', 'certifier_admin')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── 1. TOTP replay ───────────────────────────────────────────────
    alter table app_user add column totp_last_step bigint;
    grant select (totp_last_step), update (totp_last_step) on app_user to hearth_auth;

    -- ── 2. require_two_factor: owners only ───────────────────────────
    create function org_two_factor_owner_only() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    begin
      if current_user = 'hearth_app' and new.require_two_factor is distinct from old.require_two_factor
         and coalesce(current_app_role(), '') <> 'owner' then
        raise exception 'only an owner may change require_two_factor' using errcode = '42501';
      end if;
      return new;
    end $$;
    create trigger org_two_factor_owner_only before update of require_two_factor on org
      for each row execute function org_two_factor_owner_only();

    -- ── 3. dead letters ──────────────────────────────────────────────
    alter table outbox
      add column recipient_mask text constraint outbox_recipient_mask_check check (length(recipient_mask) <= 120),
      add column purpose text constraint outbox_purpose_check check (length(purpose) <= 40);
    create index outbox_org_status_idx on outbox (org_id, status, created_at) where org_id is not null;
    create policy outbox_admin_read on outbox for select to hearth_app
      using (${ORG} and ${SIGNED_IN} and ${TEAM_ADMIN});
    create policy outbox_admin_retry on outbox for update to hearth_app
      using (${ORG} and ${SIGNED_IN} and ${TEAM_ADMIN} and status = 'dead')
      with check (${ORG} and ${SIGNED_IN} and ${TEAM_ADMIN} and status = 'pending');
    grant select (id, org_id, kind, purpose, recipient_mask, status, attempts, last_error, created_at, run_after) on outbox to hearth_app;
    grant update (status, attempts, run_after, last_error) on outbox to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
