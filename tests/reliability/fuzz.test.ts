import path from "node:path";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemo } from "#db/seed/demo";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { sessionCookieFor } from "#tests/support/factories";
import { recordFigures } from "#tests/support/reliability";

/**
 * Fuzz every form and every URL parameter of the built app. Forms are not listed by hand:
 * the test walks the server build's route manifest, opens every page as the owner, a
 * resident and an anonymous visitor, and collects each `<form method="post">` with its
 * fields. fast-check (seeded, so a failure reproduces) then sends each form with fields
 * missing, empty, oversized, of the wrong type, with control characters including NUL,
 * unicode and right-to-left text, script and SQL payloads, impossible dates and
 * duplicated fields. Route and query parameters get the same values.
 *
 * Never a 5xx; after every rejected request (4xx) the row count of every table is
 * unchanged. (Reads write `*.viewed` and `*.listed` audit rows by design, refusals count against
 * rate limits, and a disclosure the consent gate refuses is logged before it is shown — the
 * refused `disclosure` row, a referral's "consent needed" step and their audit rows, ADR 046:
 * those are not counted.)
 */
const t = useTestDatabase();
const server = useTestServer();

const SEED = 20261130;
const RUNS_PER_FORM = 6;
const RUNS_PER_ROUTE = 5;

type RouteInfo = { id: string; path: string; hasAction: boolean; hasLoader: boolean };
type Field = { name: string; value: string; type: string };
type FormInfo = { caller: Caller; page: string; action: string; fields: Field[] };
type Caller = { label: string; userId?: string; cookie?: string };

let routes: RouteInfo[] = [];
const callers: Caller[] = [{ label: "anonymous" }];
let params: Record<string, string> = {};
let forms: FormInfo[] = [];
const ORG = "riverside";

const NASTY: string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001b[31m\u007f",
  "line\r\nbreak\ttab",
  "x".repeat(10_000),
  "é".repeat(3_000),
  "\u202Eevil.exe\u202C",
  "مرحبا بالعالم",
  "שלום",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "\uFEFF\u200B\u200D",
  "\uD800",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "' OR 1=1 --",
  "'; drop table org; --",
  "\\",
  "%",
  "_%_",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "9999-12-31",
  "1899-12-31",
  "2026-2-3",
  "-1",
  "0",
  "3.5",
  "1e308",
  "NaN",
  "Infinity",
  "99999999999999999999999",
  "true",
  "[object Object]",
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "../../etc/passwd",
  "%00",
  "%ZZ",
  "https://evil.example/",
  "//evil.example",
];

const nasty = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "grapheme" }) },
);

type Op = { kind: "keep" } | { kind: "drop" } | { kind: "set"; v: string } | { kind: "dup"; a: string; b: string };
const fieldOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "keep" }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "drop" }) },
  { weight: 5, arbitrary: nasty.map<Op>((v) => ({ kind: "set", v })) },
  { weight: 1, arbitrary: fc.tuple(nasty, nasty).map<Op>(([a, b]) => ({ kind: "dup", a, b })) },
);
const intentOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 9, arbitrary: fc.constant<Op>({ kind: "keep" }) },
  { weight: 1, arbitrary: fieldOp },
);

function fullPath(all: Record<string, { path?: string; parentId?: string }>, id: string): string {
  const parts: string[] = [];
  for (let r = all[id]; r; r = r.parentId ? all[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
  return `/${parts.join("/")}`.replace(/\/+/g, "/");
}

const decode = (s: string) =>
  s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
const attr = (attrs: string, name: string) => {
  const m = attrs.match(new RegExp(`\\b${name}="([^"]*)"`, "i"));
  return m ? decode(m[1]!) : undefined;
};

let uniq = 0;
/** A value the field would accept, so fuzzed cases get past the other fields to the database. */
function plausible(f: Field): string {
  const n = f.name.toLowerCase();
  if (f.type === "hidden" || f.type === "button") return "";
  if (f.type === "email" || n.includes("email")) return `fuzz.${process.pid}.${++uniq}@example.test`;
  if (f.type === "date" || /date|dob|birth|(^|_)(from|to|on)$|start|end/.test(n)) return "2026-12-01";
  if (f.type === "tel" || n.includes("phone")) return "215-555-0142";
  if (f.type === "number") return "1";
  if (f.type === "password" || n.includes("password")) return "a long enough passphrase 42";
  if (n.includes("postal") || n.includes("zip")) return "19104";
  if (n.includes("region") || n.includes("state")) return "PA";
  if (f.type === "checkbox") return "on";
  if (n === "honeypot" || n === "website") return "";
  return `Fuzz ${n} ${++uniq}`;
}

/** Every POST form on a page, with the values the page would submit. */
function parseForms(html: string, page: string, caller: Caller): FormInfo[] {
  const found: FormInfo[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1]!;
    if ((attr(attrs, "method") ?? "get").toLowerCase() !== "post") continue;
    const body = m[2]!;
    const fields: Field[] = [];
    const seen = new Set<string>();
    for (const i of body.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(i[1]!, "name");
      const type = (attr(i[1]!, "type") ?? "text").toLowerCase();
      if (!name || type === "submit" || type === "button") continue;
      if ((type === "checkbox" || type === "radio") && seen.has(name)) continue;
      seen.add(name);
      fields.push({ name, type, value: attr(i[1]!, "value") ?? (type === "checkbox" ? "on" : "") });
    }
    for (const s of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(s[1]!, "name");
      if (!name) continue;
      const options = [...s[2]!.matchAll(/<option\b([^>]*)>/gi)].map((o) => ({ value: attr(o[1]!, "value") ?? "", selected: /\bselected\b/i.test(o[1]!) }));
      const chosen = options.find((o) => o.selected) ?? options.find((o) => o.value !== "") ?? options[0];
      fields.push({ name, type: "select", value: chosen?.value ?? "" });
    }
    for (const ta of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(ta[1]!, "name");
      if (name) fields.push({ name, type: "textarea", value: decode(ta[2]!) });
    }
    for (const b of body.matchAll(/<button\b([^>]*)>/gi)) {
      const name = attr(b[1]!, "name");
      if (name && !seen.has(name)) {
        seen.add(name);
        fields.push({ name, type: "button", value: attr(b[1]!, "value") ?? "" });
      }
    }
    for (const f of fields) if (f.value === "") f.value = plausible(f);
    const action = attr(attrs, "action") ?? page;
    found.push({ caller, page, action: action.startsWith("/") ? action : page, fields });
  }
  return found;
}

/**
 * Row counts of every table, without the rows reads and refusals write by design: `*.viewed`/
 * `*.listed` and failed sign-in audit rows (and their seals), rate-limit counters, and the consent
 * gate's log of a refused disclosure (the refused `disclosure`, a referral's "consent needed"
 * step, their audit rows). Which referral the fuzz gets (the first by id) changes each run, so
 * only some runs meet one whose summary has no consent to go under (CI, 2026-12-02).
 */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' and table_name <> 'rate_limit'
    order by table_name`.execute(t.db);
  const counted = sql`e.action not like '%.viewed' and e.action not like '%.listed'
    and e.action not in ('auth.login_failed', 'disclosure.refused', 'referral.consent_needed', 'referral.summary_refused')`;
  const parts = tables.rows.map(({ table_name }) =>
    table_name === "audit_event"
      ? sql`select ${table_name} as t, count(*)::int as n from audit_event e where ${counted}`
      : table_name === "audit_seal" // one seal per audit row: the same exclusion
        ? sql`select ${table_name} as t, count(*)::int as n from audit_seal s join audit_event e on e.id = s.event_id where ${counted}`
        : table_name === "disclosure"
          ? sql`select ${table_name} as t, count(*)::int as n from disclosure where outcome = 'granted'`
          : table_name === "referral_event"
            ? sql`select ${table_name} as t, count(*)::int as n from referral_event where status is distinct from 'consent_needed'`
            : sql`select ${table_name} as t, count(*)::int as n from ${sql.table(table_name)}`,
  );
  const rows = await sql<{ t: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(t.db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, r.n]));
}

function diff(a: Record<string, number>, b: Record<string, number>) {
  return Object.keys({ ...a, ...b })
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k}: ${a[k]} → ${b[k]}`)
    .join(", ");
}

/** encodeURIComponent, except that a lone surrogate goes out as its (invalid) UTF-8 bytes. */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
};
const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v);

const figures = { formCases: 0, paramCases: 0, fiveXX: 0, rejected: 0, accepted: 0, rowChanges: 0 };

beforeAll(async () => {
  const { users } = await seedDemo();
  const build = (await import(/* @vite-ignore */ path.resolve(import.meta.dirname, "../../build/server/index.js"))) as {
    routes: Record<string, { path?: string; parentId?: string; module: { loader?: unknown; action?: unknown } }>;
  };
  routes = Object.entries(build.routes)
    .filter(([id]) => id !== "root")
    .map(([id, r]) => ({ id, path: fullPath(build.routes, id), hasAction: Boolean(r.module.action), hasLoader: Boolean(r.module.loader) }));
  for (const email of ["dana.owner@demo.hearth.test", "sam.resident@demo.hearth.test"]) {
    const u = DEMO_USERS.find((d) => d.email === email)!;
    callers.push({ label: u.role, userId: users[email]!.id, cookie: await sessionCookieFor(users[email]!.id) });
  }
  // Ids of the caller's own org for every :xId param (first row of each tenant table).
  const org = await t.db.selectFrom("org").select("id").where("slug", "=", ORG).executeTakeFirstOrThrow();
  const tables = await sql<{ table_name: string }>`
    select distinct c.table_name from information_schema.columns c
    join information_schema.columns i on i.table_name = c.table_name and i.table_schema = 'public' and i.column_name = 'id'
    where c.table_schema = 'public' and c.column_name = 'org_id'`.execute(t.db);
  params = { org: ORG, slug: ORG, token: "not-a-real-token", id: "not-a-message" };
  for (const { table_name } of tables.rows) {
    const row = await sql<{ id: string }>`select id::text as id from ${sql.table(table_name)} where org_id = ${org.id} order by id limit 1`.execute(t.db);
    const camel = table_name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (row.rows[0]) params[`${camel}Id`] = row.rows[0].id;
  }
  // Crawl every page as every caller; keep each distinct form once.
  const keyed = new Map<string, FormInfo>();
  for (const route of routes.filter((r) => r.hasLoader)) {
    const url = urlFor(route.path);
    for (const caller of callers) {
      const res = await server.request(url, { cookie: caller.cookie });
      if (res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("html")) {
        await res.body?.cancel();
        continue;
      }
      for (const f of parseForms(await res.text(), url, caller)) {
        // One form per shape: the same form for another bed or house counts once.
        const key = `${f.action.split("?")[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")} ${f.fields.map((x) => `${x.name}=${x.name === "intent" ? x.value : ""}`).sort().join("&")}`;
        if (!keyed.has(key)) keyed.set(key, f);
      }
    }
  }
  forms = [...keyed.values()];
}, 180_000);

function urlFor(routePath: string, override: Record<string, string> = {}): string {
  return routePath
    .replace(/:(\w+)\??/g, (_, name: string) => override[name] ?? params[name] ?? "00000000-0000-4000-8000-000000000000")
    .replace(/\/\*$/, "/x");
}

async function freshCookie(caller: Caller) {
  if (caller.userId) caller.cookie = await sessionCookieFor(caller.userId);
}

/** Send one request; return a failure description or null. Checks 5xx and row counts. */
async function probe(label: string, send: () => Promise<Response>): Promise<string | null> {
  await t.db.deleteFrom("rate_limit").execute();
  const before = await rowCounts();
  let res: Response;
  try {
    res = await send();
    await res.text();
  } catch (error) {
    // The server answered something the client cannot read (e.g. oversized headers), or hung up.
    figures.fiveXX++;
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    return `${label} → no readable answer (${cause})`;
  }
  const after = await rowCounts();
  if (res.status >= 500) {
    figures.fiveXX++;
    return `${label} → ${res.status}`;
  }
  if (res.status >= 400) {
    figures.rejected++;
    const changed = diff(before, after);
    if (changed) {
      figures.rowChanges++;
      return `${label} → ${res.status} but rows changed: ${changed}`;
    }
  } else figures.accepted++;
  return null;
}

describe("fuzzing every form and parameter", () => {
  it("every form: never a 5xx, nothing written by a rejected submission", { timeout: 600_000 }, async () => {
    expect(forms.length, "forms found by crawling").toBeGreaterThan(15);
    const failures: string[] = [];
    for (const [index, form] of forms.entries()) {
      const named = form.fields.filter((f) => f.name);
      const ops = fc.record(Object.fromEntries(named.map((f) => [f.name, f.name === "intent" ? intentOp : fieldOp])) as Record<string, fc.Arbitrary<Op>>);
      const extra = fc.option(fc.tuple(fc.constantFrom("unknownField", "__proto__", "constructor", "intent"), nasty), { freq: 4 });
      const cases = fc.sample(fc.tuple(ops, extra), { numRuns: RUNS_PER_FORM, seed: SEED + index });
      // Two deterministic cases per form: NUL in every free-text field (the others valid), and
      // the same fields oversized.
      const freeText = (f: Field) => ["text", "textarea", "search"].includes(f.type) && !/email|date|phone|postal|website/i.test(f.name);
      const every = (v: string): [Record<string, Op>, null] => [
        Object.fromEntries(named.map((f) => [f.name, freeText(f) ? { kind: "set", v } : { kind: "keep" }])) as Record<string, Op>,
        null,
      ];
      for (const [fieldOps, more] of [every("a\u0000b"), every("x".repeat(5_000)), ...cases]) {
        const body = new URLSearchParams();
        const described: string[] = [];
        for (const f of named) {
          const op = fieldOps[f.name] ?? { kind: "keep" };
          if (op.kind === "keep") body.append(f.name, f.value);
          else if (op.kind === "set") {
            body.append(f.name, op.v);
            described.push(`${f.name}=${show(op.v)}`);
          } else if (op.kind === "dup") {
            body.append(f.name, op.a);
            body.append(f.name, op.b);
            described.push(`${f.name}=${show(op.a)}&${f.name}=${show(op.b)}`);
          } else described.push(`-${f.name}`);
        }
        if (more) {
          body.append(more[0], more[1]);
          described.push(`+${more[0]}=${show(more[1])}`);
        }
        await freshCookie(form.caller);
        figures.formCases++;
        const failure = await probe(`POST ${form.action} as ${form.caller.label} [${described.join(" ")}]`, () =>
          server.request(form.action, { method: "POST", cookie: form.caller.cookie, body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
        );
        if (failure) failures.push(failure);
      }
    }
    recordFigures("fuzz", { "forms found": forms.length });
    expect(failures).toEqual([]);
  });

  it("every route and query parameter: never a 5xx", { timeout: 600_000 }, async () => {
    const owner = callers.find((c) => c.label === "owner")!;
    const failures: string[] = [];
    const QUERY_NAMES = ["q", "page", "cursor", "status", "house", "houseId", "residentId", "bedId", "scope", "all", "action", "from", "to", "saved", "created", "token", "redirectTo", "transferDate", "index", "_data"];
    for (const [index, route] of routes.filter((r) => r.hasLoader).entries()) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const arb = fc.record({
        path: fc.record(Object.fromEntries(names.map((n) => [n, fc.option(nasty, { freq: 2 })])) as Record<string, fc.Arbitrary<string | null>>),
        query: fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), nasty), { maxLength: 4 }),
      });
      for (const c of fc.sample(arb, { numRuns: RUNS_PER_ROUTE, seed: SEED + 1000 + index })) {
        const override = Object.fromEntries(
          Object.entries(c.path)
            .filter(([, v]) => v !== null && v !== "")
            .map(([k, v]) => [k, enc(v!)]),
        );
        const qs = c.query.map(([k, v]) => `${k}=${enc(v)}`).join("&");
        const url = urlFor(route.path, override) + (qs ? `?${qs}` : "");
        await freshCookie(owner);
        figures.paramCases++;
        const failure = await probe(`GET ${url.slice(0, 200)} as owner`, () => server.request(url, { cookie: owner.cookie }));
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  });
});

afterAll(() => {
  recordFigures("fuzz", {
    "form cases sent": figures.formCases,
    "parameter cases sent": figures.paramCases,
    "5xx seen": figures.fiveXX,
    "rejected (4xx)": figures.rejected,
    "rows changed by a rejected request": figures.rowChanges,
  });
});
