import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "#app/config.server";
import { closeSystemDb, closeWorkerDb, createDbHandle, setDbHandle, type DbHandle } from "#app/db/db.server";
import { checkDatabaseLogin } from "#app/server/boot.server";
import { runMaintenance } from "#app/server/maintenance.server";
import { setTenantOrg, withPlatform, withTenant, withWorker } from "#app/db/tenant.server";
import { bootstrap } from "#db/bootstrap";
import { useTestDatabase } from "#tests/support/db";
import { createTestSession } from "#tests/support/factories";
import { makeHouse, makeOperator } from "#tests/support/houses";

/**
 * Escalation from the app's own connection (issue 8, item 6), on a PostgreSQL server set up
 * as docs/operations.md says: the app logs in as a NOINHERIT member of hearth_app and
 * hearth_auth — not a superuser, not a member of hearth_owner, not a member of
 * hearth_worker (the outbox worker has its own login, which reads queued emails) — and
 * TEMP is revoked. SQL run inside a request transaction then cannot leave the request
 * role for the owner, fall back to a privileged login, or shadow tables with temp tables.
 *
 * PGlite has one built-in superuser connection and no logins, so this file runs only with
 * TEST_DATABASE_URL (docs/operations.md, "What PGlite cannot enforce").
 */
const t = useTestDatabase();
const login = `hearth_t_login_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const workerLogin = `${login}_w`;
let workerUrl: string;
let appHandle: DbHandle | undefined;
let orgId: string;
let userId: string;
let token: string;

const onServer = () => t.handle.kind === "pg";

beforeAll(async () => {
  if (!onServer()) return;
  const fx = await makeOperator();
  orgId = fx.orgId;
  userId = fx.ownerId;
  await makeHouse(fx.owner);
  token = (await createTestSession(userId)).token;
  // This database is a clone: database-level rights (TEMP) are not copied from the template.
  await bootstrap(t.db);
  await sql.raw(`create role ${login} login noinherit nosuperuser nocreatedb nocreaterole nobypassrls`).execute(t.db);
  await sql.raw(`grant hearth_app, hearth_auth to ${login}`).execute(t.db);
  await sql.raw(`create role ${workerLogin} login noinherit nosuperuser nocreatedb nocreaterole nobypassrls`).execute(t.db);
  await sql.raw(`grant hearth_worker to ${workerLogin}`).execute(t.db);
  const url = new URL(t.handle.databaseUrl!);
  url.username = workerLogin;
  url.password = "";
  workerUrl = url.toString();
  url.username = login;
  appHandle = await createDbHandle({ databaseUrl: url.toString() });
  setDbHandle(appHandle);
});

afterAll(async () => {
  if (!onServer()) return;
  setDbHandle(t.handle);
  await appHandle?.close();
  const admin = new pg.Client({ connectionString: t.handle.databaseUrl });
  await admin.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where usename in ($1, $2)", [login, workerLogin]);
      if (rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await admin.query(`drop role if exists ${login}`);
    await admin.query(`drop role if exists ${workerLogin}`);
  } finally {
    await admin.end();
  }
});

// As the guard does it: the database signs the context from the live session (ADR 010).
const asApp = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ orgId, userId, role: "owner", sessionToken: token }, fn);

describe.runIf(process.env.TEST_DATABASE_URL)("the app's database login", () => {
  it("is neither a superuser nor a member of hearth_owner", async () => {
    const row = await asApp(async (tx) =>
      (
        await sql<{ login: string; superuser: boolean; owner: boolean }>`
          select session_user as login, r.rolsuper as superuser, pg_has_role(session_user, 'hearth_owner', 'MEMBER') as owner
          from pg_roles r where r.rolname = session_user`.execute(tx)
      ).rows[0],
    );
    expect(row).toEqual({ login, superuser: false, owner: false });
  });

  it("cannot SET ROLE to the owner inside a request transaction", async () => {
    await expect(asApp((tx) => sql`set role hearth_owner`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(asApp((tx) => sql`select set_config('role', 'hearth_owner', true)`.execute(tx))).rejects.toThrow(/permission denied/);
  });

  it("RESET ROLE falls back to a login with no rights of its own", async () => {
    await expect(
      asApp(async (tx) => {
        await sql`reset role`.execute(tx);
        return sql`select id from resident`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asApp(async (tx) => {
        await sql`reset role`.execute(tx);
        return sql`insert into audit_event (action) values ('forged')`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it("cannot create temporary tables that would shadow public ones", async () => {
    await expect(asApp((tx) => sql`create temp table membership (id uuid)`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(
      asApp(async (tx) => {
        await sql`reset role`.execute(tx);
        return sql`create temp table invite (id uuid)`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it("cannot reach password hashes or forge a session through any role it may become", async () => {
    for (const role of ["hearth_app", "hearth_auth", "hearth_worker"]) {
      await expect(
        asApp(async (tx) => {
          await sql.raw(`set local role ${role}`).execute(tx);
          return sql`select password_hash from app_user where id = ${userId}`.execute(tx);
        }),
      ).rejects.toThrow(/permission denied/);
      await expect(
        asApp(async (tx) => {
          await sql.raw(`set local role ${role}`).execute(tx);
          return sql`insert into user_session (id, user_id, expires_at) values (${"f".repeat(64)}, ${userId}, now() + interval '1 day')`.execute(tx);
        }),
      ).rejects.toThrow(/permission denied|row-level security/);
    }
  });

  it("cannot sign a tenant context by hand: the trusted entry is the migration login's", async () => {
    await expect(withTenant({ orgId, userId, role: "owner" }, (tx) => tx.selectFrom("house").select("id").execute())).rejects.toThrow(
      /permission denied for function enter_trusted/,
    );
    await expect(asApp((tx) => setTenantOrg(tx, orgId, "owner"))).rejects.toThrow(/permission denied for function enter_trusted/);
    await expect(asApp((tx) => sql`select * from enter_trusted(${orgId}::uuid, ${userId}::uuid, 'owner', '', '')`.execute(tx))).rejects.toThrow(
      /permission denied for function enter_trusted/,
    );
    // Through the role it may become, too.
    for (const role of ["hearth_auth"]) {
      await expect(
        asApp(async (tx) => {
          await sql.raw(`set local role ${role}`).execute(tx);
          return sql`select * from enter_trusted(${orgId}::uuid, ${userId}::uuid, 'owner', '', '')`.execute(tx);
        }),
      ).rejects.toThrow(/permission denied for function enter_trusted/);
    }
  });

  it("forged tenant settings read nothing on the production login", async () => {
    const seen = await withPlatform({}, async (tx) => {
      await sql`select set_config('app.org_id', ${orgId}, true), set_config('app.user_id', ${userId}, true), set_config('app.role', 'owner', true)`.execute(tx);
      return (await tx.selectFrom("house").select("id").execute()).length;
    });
    expect(seen).toBe(0);
    expect((await asApp((tx) => tx.selectFrom("house").select("id").execute())).length).toBe(1);
  });

  it("runs the maintenance job on the migration login: the app login may not sign its context", async () => {
    const c = config();
    const saved = c.MIGRATION_DATABASE_URL;
    const savedWorker = c.WORKER_DATABASE_URL;
    try {
      c.WORKER_DATABASE_URL = workerUrl;
      c.MIGRATION_DATABASE_URL = undefined;
      await expect(runMaintenance()).rejects.toThrow(/permission denied for function enter_trusted/);
      c.MIGRATION_DATABASE_URL = t.handle.databaseUrl;
      await expect(runMaintenance()).resolves.toMatchObject({ anonymised: expect.any(Number) });
    } finally {
      c.MIGRATION_DATABASE_URL = saved;
      c.WORKER_DATABASE_URL = savedWorker;
      await closeSystemDb();
      await closeWorkerDb();
    }
  });

  it("cannot read a password reset token (or an invitation's) from the outbox through any role it can reach", async () => {
    // Attacker review, HIGH 2: as a request, issue a reset link for the owner, then read the
    // raw token from the queued email. The worker runs on its own login (WORKER_DATABASE_URL),
    // so the app's login cannot become hearth_worker; hearth_app and hearth_auth never see
    // the payload; the login itself has no rights.
    const email = (await withPlatform({}, (tx) => tx.selectFrom("app_user").select("email").where("id", "=", userId).executeTakeFirstOrThrow())).email;
    await asApp((tx) => sql`select auth_issue_password_reset(${email}, 3600, 's', ${"link {token}"}, 'x')`.execute(tx));
    for (const role of ["hearth_worker", "hearth_app", "hearth_auth", null]) {
      await expect(
        asApp(async (tx) => {
          await sql.raw(role ? `set local role ${role}` : "reset role").execute(tx);
          return sql`select payload from outbox`.execute(tx);
        }),
        role ?? "the login",
      ).rejects.toThrow(/permission denied/);
    }
  });

  it("runs the outbox worker on its own login (WORKER_DATABASE_URL)", async () => {
    const c = config();
    const saved = c.WORKER_DATABASE_URL;
    try {
      c.WORKER_DATABASE_URL = undefined;
      await expect(withWorker((tx) => tx.selectFrom("outbox").select("payload").execute())).rejects.toThrow(/permission denied/);
      c.WORKER_DATABASE_URL = workerUrl;
      const rows = await withWorker((tx) => tx.selectFrom("outbox").select("payload").execute());
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      c.WORKER_DATABASE_URL = saved;
      await closeWorkerDb();
    }
  });

  it("boot warns about a request login that could become hearth_worker", async () => {
    expect(await checkDatabaseLogin()).toEqual({ login, privileged: false });
    await sql.raw(`grant hearth_worker to ${login}`).execute(t.db);
    try {
      expect(await checkDatabaseLogin()).toEqual({ login, privileged: true });
    } finally {
      await sql.raw(`revoke hearth_worker from ${login}`).execute(t.db);
    }
  });

  it("still serves requests: the request role works as before", async () => {
    const rows = await asApp((tx) => tx.selectFrom("membership").select("user_id").execute());
    expect(rows.map((r) => r.user_id)).toContain(userId);
  });
});
