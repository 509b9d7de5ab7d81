import { sql, type Kysely } from "kysely";

/**
 * Reset emails say what they are and whom they were for, like every other message.
 *
 * auth_issue_password_reset (migration 0011) queues the reset email itself, so the token
 * never passes through the app. It queued it without the purpose and masked recipient that
 * enqueueEmail writes for every other message (outbox.purpose and outbox.recipient_mask,
 * added by 0014_ops), so a reset email that could not be sent showed only in logs. It now
 * writes purpose 'password_reset' and the recipient masked by outbox_mask_email, which
 * masks exactly as app/lib/mask.ts does ("jordan@example.org" → "j•••@e•••.org"). The
 * function keeps its signature, its rights and everything else it does.
 *
 * Dead jobs are redacted when they die (nothing is left to send again), so the "Try again"
 * that 0014 allowed owners and admins is gone: its update policy and grant are dropped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function outbox_mask_email(address text) returns text
      language plpgsql immutable set search_path = pg_catalog as $$
    declare
      r int := strpos(reverse(address), '@');
      at int;
      local text;
      domain text;
      dot int;
      host text;
      tld text := '';
    begin
      if r = 0 then return '•••'; end if;
      at := length(address) - r + 1;
      if at = 1 or at = length(address) then return '•••'; end if;
      local := substr(address, 1, at - 1);
      domain := substr(address, at + 1);
      dot := strpos(reverse(domain), '.');
      host := domain;
      if dot > 0 and length(domain) - dot + 1 > 1 then
        host := substr(domain, 1, length(domain) - dot);
        tld := substr(domain, length(domain) - dot + 1);
      end if;
      return left(local, 1) || '•••@' || left(host, 1) || '•••' || tld;
    end $$;

    create or replace function auth_issue_password_reset(email text, ttl_seconds int, subject text, body text, body_no_account text) returns uuid
      language plpgsql security definer set search_path = pg_catalog, public as $$
    declare
      uid uuid;
      token text;
    begin
      if position('{token}' in body) = 0 then
        raise exception 'the email must contain {token}' using errcode = '22023';
      end if;
      select u.id into uid from app_user u where lower(u.email) = lower(auth_issue_password_reset.email) and u.disabled_at is null;
      if uid is null then
        insert into outbox (org_id, kind, payload, purpose, recipient_mask)
          values (null, 'email', jsonb_build_object('to', auth_issue_password_reset.email, 'subject', subject, 'text', body_no_account),
            'password_reset', outbox_mask_email(auth_issue_password_reset.email));
        return null;
      end if;
      token := auth_new_token();
      insert into password_reset_token (id, user_id, expires_at)
        values (auth_token_hash(token), uid, now() + make_interval(secs => least(greatest(ttl_seconds, 60), 86400)));
      insert into outbox (org_id, kind, payload, purpose, recipient_mask)
        values (null, 'email', jsonb_build_object('to', auth_issue_password_reset.email, 'subject', subject,
          'text', replace(body, '{token}', token)), 'password_reset', outbox_mask_email(auth_issue_password_reset.email));
      return uid;
    end $$;

    drop policy outbox_admin_retry on outbox;
    revoke update (status, attempts, run_after, last_error) on outbox from hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0018_outbox_reset_purpose cannot be reverted; restore a backup instead.");
}
