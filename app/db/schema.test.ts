import { DISCLOSURE_WHAT, INFORMATION, PURPOSES, RECIPIENT_KINDS, REFUSALS } from "#app/domain/consents/labels";
import { HANDOFF_METHODS, REFERRAL_OUTCOMES, REFERRAL_STATUSES, REFERRAL_URGENCIES } from "#app/domain/referrals/labels";
import fs from "node:fs";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLE_LABELS, ROLES_BY_KIND } from "#app/domain/permissions";
import { APPLICATION_STATUSES, DISCHARGE_REASONS, REFERRAL_SOURCES } from "#app/domain/admissions/schemas";
import { BED_KINDS, BED_STATUSES, HOUSE_STATUSES, POPULATIONS } from "#app/domain/houses/schemas";
import { DOCUMENT_KINDS } from "#app/domain/documents/schemas";
import { ATTENDANCE_RULES, ATTENDANCE_STATUSES, FELLOWSHIPS, SESSION_KINDS } from "#app/domain/sessions/schemas";
import { WEEKDAYS } from "#app/domain/chores/recurrence";
import { ASSIGNMENT_STATUSES, CHORE_FREQUENCIES, OFFICES } from "#app/domain/chores/schemas";
import { CALENDAR_FEED_KINDS } from "#app/domain/calendar/schemas";
import { ENTRY_KINDS, FEE_CADENCES, LEDGER_PAYMENT_METHODS, PAYMENT_PAYERS } from "#app/domain/fees/schemas";
import { SERVICE_CATEGORY_CODES, SERVICE_LANGUAGES, SERVICE_PHONE_TYPES, SERVICE_STATUSES } from "#app/domain/services/labels";
import { GOAL_STATUSES, NEED_CODES, PLAN_DIMENSIONS } from "#app/domain/plans/labels";
import { CERTIFICATION_DECISIONS, CERTIFICATION_REMINDER_STAGES, CERTIFICATION_STATUSES } from "#app/domain/certification/labels";
import { ANSWERS, APPLICABILITY, ASSESSMENT_STATUSES, AUTO_CHECKS, STANDARD_STATUSES } from "#app/domain/standards/labels";
import { useTestDatabase } from "#tests/support/db";

/**
 * schema.ts is written by hand (ADR 008). This test compares it with the migrated
 * database: tables and columns, each column's type and nullability, which columns are
 * Generated (have a default), and the value lists of checked enums — both the string
 * unions in schema.ts and the lists the app offers (forms, labels) — against the check
 * constraints that the migrations copied them into.
 */
const t = useTestDatabase();
const SCHEMA_FILE = path.join(import.meta.dirname, "schema.ts");

/** What a column holds, as one comparable string: `string`, `Date | null`, `'a' | 'b'`, `string[]`, … */
type Column = { type: string; nullable: boolean; generated: boolean; values: string[] | null };
type Schema = Record<string, Record<string, Column>>;

// ── schema.ts, read with the type checker ──────────────────────────────
function declaredSchema(source = fs.readFileSync(SCHEMA_FILE, "utf8")): Schema {
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === SCHEMA_FILE ? source : readFile(f));
  const program = ts.createProgram([SCHEMA_FILE], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(SCHEMA_FILE)!;
  let db: ts.InterfaceDeclaration | undefined;
  file.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "DB") db = node;
  });
  if (!db) throw new Error("schema.ts has no interface DB");
  const result: Schema = {};
  for (const table of checker.getTypeAtLocation(db).getProperties()) {
    const row = checker.getTypeOfSymbolAtLocation(table, db);
    result[table.name] = {};
    for (const column of row.getProperties()) {
      result[table.name]![column.name] = describeColumn(checker, checker.getTypeOfSymbolAtLocation(column, db));
    }
  }
  return result;
}

function describeColumn(checker: ts.TypeChecker, type: ts.Type): Column {
  // Kysely's ColumnType<Select, Insert, Update> (Generated<T> is one), possibly in a union
  // with null: Generated when the insert type admits undefined.
  const members = parts(type).flatMap((p) => {
    const select = p.getProperty("__select__");
    return select ? parts(checker.getTypeOfSymbol(select)) : [p];
  });
  const generated = parts(type).some((p) => {
    const insert = p.getProperty("__insert__");
    return insert ? parts(checker.getTypeOfSymbol(insert)).some((i) => i.flags & ts.TypeFlags.Undefined) : false;
  });
  const nullable = members.some((p) => p.flags & ts.TypeFlags.Null);
  const rest = members.filter((p) => !(p.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  const literals = (ts2: ts.Type[]) => ts2.every((p) => p.isStringLiteral()) ? ts2.map((p) => (p as ts.StringLiteralType).value).sort() : null;
  let kind: string;
  let values: string[] | null = null;
  if (rest.every((p) => p.flags & ts.TypeFlags.BooleanLiteral) && rest.length) kind = "boolean";
  else if ((values = literals(rest))) kind = "string";
  else if (rest.length === 1 && checker.isArrayType(rest[0]!)) {
    const element = parts(checker.getTypeArguments(rest[0] as ts.TypeReference)[0]!);
    values = literals(element);
    kind = `${values ? "string" : checker.typeToString(element[0]!)}[]`;
  } else kind = rest.map((p) => checker.typeToString(p)).join(" | ");
  return { type: kind, nullable, generated, values };
}

const parts = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);

// ── the database ───────────────────────────────────────────────────────
const TS_TYPE_OF: Record<string, string> = {
  uuid: "string", text: "string", varchar: "string", date: "string", time: "string", daterange: "string", tstzrange: "string",
  int2: "number", int4: "number", int8: "number",
  bool: "boolean",
  timestamptz: "Date", timestamp: "Date",
  jsonb: "unknown", json: "unknown",
  _text: "string[]", _uuid: "string[]", _int2: "number[]",
  tsvector: "string",
};

async function actualSchema(db: Kysely<any>): Promise<Schema> {
  const rows = await sql<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; has_default: boolean }>`
    select table_name, column_name, udt_name, is_nullable, (column_default is not null or is_identity = 'YES') as has_default
    from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, column_name`.execute(db);
  const lists = await checkedValueLists(db);
  const result: Schema = {};
  for (const r of rows.rows) {
    const type = TS_TYPE_OF[r.udt_name] ?? `(${r.udt_name})`;
    (result[r.table_name] ??= {})[r.column_name] = {
      type,
      nullable: r.is_nullable === "YES",
      generated: r.has_default,
      values: lists.get(`${r.table_name}.${r.column_name}`) ?? null,
    };
  }
  return result;
}

/**
 * table.column → the values its check constraints allow: `col = ANY (ARRAY['a'::text, …])`
 * (what `col in ('a', …)` becomes) or `col <@ ARRAY[…]` for array columns.
 */
async function checkedValueLists(db: Kysely<any>): Promise<Map<string, string[]>> {
  const rows = await sql<{ table_name: string; def: string }>`
    select c.conrelid::regclass::text as table_name, pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.contype = 'c' and t.relnamespace = 'public'::regnamespace`.execute(db);
  const lists = new Map<string, string[]>();
  for (const r of rows.rows) {
    for (const m of r.def.matchAll(/\(?(\w+) (?:= ANY \(ARRAY|<@ ARRAY)\[([^\]]*)\]/g)) {
      const values = [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!).sort();
      lists.set(`${r.table_name}.${m[1]}`, values);
    }
  }
  return lists;
}

// ── comparison ─────────────────────────────────────────────────────────
function schemaProblems(declared: Schema, actual: Schema): string[] {
  const problems: string[] = [];
  for (const table of new Set([...Object.keys(declared), ...Object.keys(actual)])) {
    const d = declared[table];
    const a = actual[table];
    if (!d) { problems.push(`${table}: table missing from schema.ts`); continue; }
    if (!a) { problems.push(`${table}: not in the database`); continue; }
    for (const column of new Set([...Object.keys(d), ...Object.keys(a)])) {
      const dc = d[column];
      const ac = a[column];
      const at = `${table}.${column}`;
      if (!dc) { problems.push(`${at}: column missing from schema.ts`); continue; }
      if (!ac) { problems.push(`${at}: not in the database`); continue; }
      if (dc.type !== ac.type) problems.push(`${at}: type ${dc.type} in schema.ts, ${ac.type} in the database`);
      if (dc.nullable !== ac.nullable) problems.push(`${at}: ${dc.nullable ? "nullable" : "not null"} in schema.ts, ${ac.nullable ? "nullable" : "not null"} in the database`);
      if (dc.generated !== ac.generated) problems.push(`${at}: ${dc.generated ? "Generated" : "not Generated"} in schema.ts, ${ac.generated ? "a default" : "no default"} in the database`);
      if (JSON.stringify(dc.values) !== JSON.stringify(ac.values)) {
        problems.push(`${at}: values ${dc.values?.join(",") ?? "(any)"} in schema.ts, ${ac.values?.join(",") ?? "(any)"} in the database`);
      }
    }
  }
  return problems;
}

/** The lists the app offers (forms, labels, permissions) for each checked column. */
const APP_LISTS: Record<string, readonly string[]> = {
  "membership.role": Object.keys(ROLE_LABELS),
  "invite.role": Object.values(ROLES_BY_KIND).flat(),
  "org.kind": Object.keys(ROLES_BY_KIND),
  "house.populations": POPULATIONS,
  "house.status": HOUSE_STATUSES,
  "bed.kind": BED_KINDS,
  "bed.status": BED_STATUSES,
  "application.referral_source": REFERRAL_SOURCES,
  "application.status": APPLICATION_STATUSES,
  "stay.discharge_reason": DISCHARGE_REASONS,
  "document_version.kind": DOCUMENT_KINDS,
  "session_series.kind": SESSION_KINDS,
  "session_series.attendance": ATTENDANCE_RULES,
  "session_attendance.status": ATTENDANCE_STATUSES,
  "meeting_log.fellowship": FELLOWSHIPS,
  "chore.frequency": CHORE_FREQUENCIES,
  "chore.weekdays": WEEKDAYS,
  "chore_assignment.status": ASSIGNMENT_STATUSES,
  "house_office.office": OFFICES,
  "calendar_feed.kind": CALENDAR_FEED_KINDS,
  "fee_schedule.cadence": FEE_CADENCES,
  "ledger_entry.kind": ENTRY_KINDS,
  "ledger_entry.method": LEDGER_PAYMENT_METHODS,
  "ledger_entry.payer": PAYMENT_PAYERS,
  "consent.recipient_kind": RECIPIENT_KINDS,
  "consent.purpose": PURPOSES,
  "consent.information": INFORMATION,
  "disclosure.what": DISCLOSURE_WHAT,
  "disclosure.refusal": REFUSALS,
  "disclosure.purpose": PURPOSES,
  "disclosure.recipient_kind": RECIPIENT_KINDS,
  "disclosure.information": INFORMATION,
  "service.categories": SERVICE_CATEGORY_CODES,
  "service.languages": SERVICE_LANGUAGES,
  "service.status": SERVICE_STATUSES,
  "service_phone.type": SERVICE_PHONE_TYPES,
  "plan_goal.dimension": PLAN_DIMENSIONS,
  "plan_goal.status": GOAL_STATUSES,
  "plan_event.status": GOAL_STATUSES,
  "needs_screening.needs": NEED_CODES,
  "referral.status": REFERRAL_STATUSES,
  "referral.outcome": REFERRAL_OUTCOMES,
  "referral.urgency": REFERRAL_URGENCIES,
  "referral_event.status": REFERRAL_STATUSES,
  "referral_event.outcome": REFERRAL_OUTCOMES,
  "referral_handoff.method": HANDOFF_METHODS,
  "standard.status": STANDARD_STATUSES,
  "standard_item.level_1": APPLICABILITY,
  "standard_item.auto_check": AUTO_CHECKS,
  "assessment.status": ASSESSMENT_STATUSES,
  "assessment_item.answer": ANSWERS,
  "certification.status": CERTIFICATION_STATUSES,
  "certification.decision": CERTIFICATION_DECISIONS,
  "certification_event.from_status": CERTIFICATION_STATUSES,
  "certification_event.to_status": CERTIFICATION_STATUSES,
  "certification_reminder.stage": CERTIFICATION_REMINDER_STAGES,
};

function listProblems(app: Record<string, readonly string[]>, lists: Map<string, string[]>): string[] {
  return Object.entries(app).flatMap(([column, values]) => {
    const db = lists.get(column);
    const mine = [...new Set(values)].sort();
    return JSON.stringify(mine) === JSON.stringify(db) ? [] : [`${column}: the app offers ${mine.join(",")}, the database allows ${db?.join(",") ?? "(no list)"}`];
  });
}

/**
 * Values that policies and SQL functions compare with a role or a checked column
 * (`current_app_role() in ('owner', 'admin')`, `m.role = 'house_manager'`,
 * `status not in ('admitted', …)`): each must be a value the column allows, or a policy
 * could name a role or status that never matches.
 */
type SqlText = { where: string; table: string | null; text: string };

async function policyAndFunctionTexts(db: Kysely<any>): Promise<SqlText[]> {
  const policies = await sql<SqlText>`
    select c.relname || '.' || p.polname as where, c.relname as table,
      coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as text
    from pg_policy p join pg_class c on c.oid = p.polrelid
    where c.relnamespace = 'public'::regnamespace`.execute(db);
  const functions = await sql<SqlText>`
    select p.proname || '()' as where, null as table, p.prosrc as text
    from pg_proc p join pg_language l on l.oid = p.prolang
    where p.pronamespace = 'public'::regnamespace and l.lanname in ('sql', 'plpgsql')`.execute(db);
  return [...policies.rows, ...functions.rows];
}

const ROLE_COLUMNS = new Set(["current_app_role", "role"]);
/** Roles a narrow database entry signs that no member holds (ADR 032: Stripe's verified webhook). */
const SIGNED_SYSTEM_ROLES = ["payments_webhook"];

function literalProblems(texts: SqlText[], lists: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const compare = /([a-z_]+(?:\.[a-z_]+)?)(?:\(\))?(?:\s+AS\s+[a-z_]+)?\)*\s*(?:=|<>|!=|(?:not\s+)?in|is(?:\s+not)?\s+distinct\s+from)\s*(?:ANY|ALL)?\s*\(?\s*(?:ARRAY\[)?((?:'[a-z_]+'(?:::text)?\s*,?\s*)+)/gi;
  for (const t of texts) {
    for (const m of t.text.matchAll(compare)) {
      const ref = m[1]!.toLowerCase();
      const column = ref.split(".").pop()!;
      const values = [...m[2]!.matchAll(/'([a-z_]+)'/g)].map((v) => v[1]!);
      let allowed: string[] | undefined;
      if (ROLE_COLUMNS.has(column)) allowed = lists.get("membership.role");
      else if (ref === "h.status") allowed = lists.get("house.status");
      else if (t.table && lists.has(`${t.table}.${column}`)) allowed = lists.get(`${t.table}.${column}`);
      if (!allowed) continue;
      for (const v of values) if (!allowed.includes(v) && !(ROLE_COLUMNS.has(column) && SIGNED_SYSTEM_ROLES.includes(v))) problems.push(`${t.where}: ${ref} compared with '${v}', not one of ${allowed.join(",")}`);
    }
  }
  return [...new Set(problems)];
}

let actual: Schema;
let lists: Map<string, string[]>;
beforeAll(async () => {
  actual = await actualSchema(t.db);
  lists = await checkedValueLists(t.db);
});

describe("schema.ts", () => {
  it("declares exactly the tables and columns the migrations create, with their types, nullability, defaults and value lists", () => {
    expect(Object.keys(actual).length).toBeGreaterThan(15);
    expect(schemaProblems(declaredSchema(), actual)).toEqual([]);
  });

  it("finds a planted mismatch of each kind (so the check above can fail)", () => {
    const source = fs.readFileSync(SCHEMA_FILE, "utf8");
    const planted = [
      ["  window_start: Timestamp;\n  hits: number;", "  window_start: Timestamp;\n  hits: string;"], // type
      ["  /** Work phone, shown to residents of the houses the user manages (0009). */\n  phone: string | null;", "  phone: string;"], // nullability
      ["  slug: string;\n  name: string;\n  kind: OrgKind;", "  slug: Generated<string>;\n  name: string;\n  kind: OrgKind;"], // Generated without a default
      ['export type BedStatus = "available" | "held" | "out_of_service";', 'export type BedStatus = "available" | "held";'], // value list
      ["  narr_level: number;\n  time_zone: string;\n  phone: string | null;\n  status: Generated<HouseStatus>;", "  narr_level: number;\n  time_zone: string;\n  phone: string | null;\n  status: Generated<HouseStatus>;\n  rating: number;"], // extra column
    ] as const;
    let changed = source;
    for (const [from, to] of planted) {
      expect(changed.includes(from), from).toBe(true);
      changed = changed.replace(from, to);
    }
    expect(schemaProblems(declaredSchema(changed), actual).sort()).toEqual(
      [
        "app_user.phone: not null in schema.ts, nullable in the database",
        "bed.status: values available,held in schema.ts, available,held,out_of_service in the database",
        "house.rating: not in the database",
        "org.slug: Generated in schema.ts, no default in the database",
        "rate_limit.hits: type string in schema.ts, number in the database",
      ].sort(),
    );
  });
});

describe("SQL helper functions", () => {
  // One helper per rule: a second function with the same body under another name is two
  // places to keep in step (e.g. "houses where the resident lives today", 0015).
  it("no two share one body", async () => {
    const rows = await sql<{ names: string[] }>`
      select array_agg(p.proname::text order by p.proname) as names
      from pg_proc p join pg_language l on l.oid = p.prolang
      where p.pronamespace = 'public'::regnamespace and l.lanname in ('sql', 'plpgsql')
      group by regexp_replace(p.prosrc, '\\s+', ' ', 'g')
      having count(*) > 1`.execute(t.db);
    expect(rows.rows.map((r) => r.names)).toEqual([]);
  });
});

describe("value lists copied into migrations", () => {
  it("match the lists the app offers (roles, org kinds, populations, house and bed status, referral sources, application status, discharge reasons)", () => {
    expect(listProblems(APP_LISTS, lists)).toEqual([]);
  });

  it("policies and SQL functions compare roles and statuses only with values their columns allow", async () => {
    const texts = await policyAndFunctionTexts(t.db);
    // The comparisons are found at all: roles in dozens of policies, statuses, house_manager in helpers.
    expect(texts.filter((x) => /current_app_role/.test(x.text)).length).toBeGreaterThan(30);
    expect(literalProblems(texts, lists)).toEqual([]);
  });

  it("a policy or function naming a value that does not exist is reported (so the check above can fail)", () => {
    const planted: SqlText[] = [
      { where: "house.p1", table: "house", text: "((SELECT current_app_role() AS current_app_role) = ANY (ARRAY['owner'::text, 'house_manger'::text]))" },
      { where: "application.p2", table: "application", text: "(status <> ALL (ARRAY['admitted'::text, 'withdrawn'::text]))" },
      { where: "helper()", table: null, text: "begin if current_app_role() not in ('house_manager', 'volunteer') then return; end if; select 1 from membership m where m.role = 'owner'; end" },
      { where: "bed.p3", table: "bed", text: "(status = 'broken'::text)" },
    ];
    expect(literalProblems(planted, lists).sort()).toEqual(
      [
        "application.p2: status compared with 'withdrawn', not one of accepted,admitted,declined,new,screening,waitlisted",
        "bed.p3: status compared with 'broken', not one of available,held,out_of_service",
        "helper(): current_app_role compared with 'volunteer', not one of admin,auditor,certifier_admin,house_manager,owner,resident,staff",
        "house.p1: current_app_role compared with 'house_manger', not one of admin,auditor,certifier_admin,house_manager,owner,resident,staff",
      ].sort(),
    );
  });

  it("a list that drifted is reported (so the check above can fail)", () => {
    expect(listProblems({ ...APP_LISTS, "bed.status": [...BED_STATUSES, "cleaning"], "stay.end_type": ["discharge"] }, lists)).toEqual([
      "bed.status: the app offers available,cleaning,held,out_of_service, the database allows available,held,out_of_service",
      "stay.end_type: the app offers discharge, the database allows discharge,transfer",
    ]);
  });
});
