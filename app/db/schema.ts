import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as Kysely sees it. Keep in step with db/migrations (a test compares
 * these tables and columns with information_schema).
 */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (never nest Generated<ColumnType>). */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string, string>;
export type GeneratedJson = ColumnType<unknown, string | undefined, string>;

export type OrgKind = "operator" | "certifier";
export type Role = "owner" | "admin" | "house_manager" | "staff" | "resident" | "certifier_admin" | "auditor";

export interface OrgTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: OrgKind;
  time_zone: string;
  currency: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: GeneratedTimestamp;
  password_changed_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface PasswordResetTokenTable {
  id: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface OutboxTable {
  id: Generated<number>;
  org_id: string | null;
  kind: string;
  payload: Json;
  dedupe_key: string | null;
  status: Generated<"pending" | "done" | "dead">;
  attempts: Generated<number>;
  run_after: GeneratedTimestamp;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  processed_at: Timestamp | null;
}

export interface MembershipTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  role: Role;
  created_at: GeneratedTimestamp;
}

export interface InviteTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  org_id: Generated<string | null>;
  actor_user_id: Generated<string | null>;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: Generated<string | null>;
  ip: Generated<string | null>;
  data: GeneratedJson;
  created_at: GeneratedTimestamp;
}

export interface DB {
  org: OrgTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  password_reset_token: PasswordResetTokenTable;
  rate_limit: RateLimitTable;
  outbox: OutboxTable;
  membership: MembershipTable;
  invite: InviteTable;
  audit_event: AuditEventTable;
}

export type Org = Selectable<OrgTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
export type MembershipUpdate = Updateable<MembershipTable>;
