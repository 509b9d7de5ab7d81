import path from "node:path";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemo } from "#db/seed/demo";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { sessionCookieFor } from "#tests/support/factories";
import { postSubmissions, type Submission } from "#tests/support/forms";
import { withTenant } from "#app/db/tenant.server";
import { revokeGrant } from "#app/domain/grants/grants.server";
import { listHouses } from "#app/domain/houses/houses.server";
import { addBeds, createRoom } from "#app/domain/houses/layout.server";
import { todayIn } from "#app/lib/dates";

/**
 * Cross-tenant probe. For every route in the server build's manifest (so new routes
 * are covered automatically) and every role of the demo orgs, request the route with
 * another org's slug and ids. Org-scoped routes must answer 403/404 (or send anonymous
 * users to sign in); no route may answer 500; no response may contain any of the other
 * org's text (collected from every table with an org_id, so new tables count too).
 *
 * POSTs send each page's real submissions: every form and intent the target org's
 * owner is offered on that page (read from the rendered HTML, with the target org's
 * ids in its fields), replayed by every caller to the target org's URL and, when they
 * carry a foreign id, to the caller's own org's URL. Each must be refused with 403/404:
 * a 400 would mean the form was never checked against the ids it carries.
 */
const t = useTestDatabase();
const server = useTestServer();

type RouteInfo = { id: string; path: string; hasAction: boolean; hasLoader: boolean };

const TARGET_ORG = "maple-street";
const CALLER_ORGS = new Set(["riverside", "keystone"]);

let routes: RouteInfo[] = [];
let secrets: string[] = [];
let paramValues: Record<string, string> = {};
/** Every id of the target org's rows (a submission carrying one is a foreign-id probe). */
const foreignIds = new Set<string>();
/** The target org owner's POST submissions, by the route path they post to. */
const submissionsByPath = new Map<string, Submission[]>();
const callers: { label: string; cookie?: string; ownSlug?: string; userId?: string }[] = [{ label: "anonymous" }];

function fullPath(all: Record<string, { path?: string; parentId?: string; index?: boolean }>, id: string): string {
  const parts: string[] = [];
  for (let r = all[id]; r; r = r.parentId ? all[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
  return `/${parts.join("/")}`.replace(/\/+/g, "/");
}

beforeAll(async () => {
  const { orgs, users } = await seedDemo();
  // A free bed in the target org, so its booking forms (transfer, admit) offer a bed to choose.
  const mapleOwner = users[DEMO_USERS.find((u) => u.org === "maple" && u.role === "owner")!.email]!.id;
  await withTenant({ orgId: orgs.maple.id, userId: mapleOwner, role: "owner" }, async (tx) => {
    const [house] = await listHouses(tx);
    const room = await createRoom(tx, { houseId: house!.id, name: "Spare room" });
    await addBeds(tx, { roomId: room.id, count: 1 });
    // The demo's Keystone holds a grant from the target org: revoke it, so the certifier's
    // pages (ADR 049) are probed as another tenant's — every one must answer 404.
    for (const g of await tx.selectFrom("audit_grant").select("id").where("revoked_at", "is", null).execute()) await revokeGrant(tx, g.id);
  });
  const build = (await import(/* @vite-ignore */ path.resolve(import.meta.dirname, "../../build/server/index.js"))) as {
    routes: Record<string, { path?: string; parentId?: string; index?: boolean; module: { loader?: unknown; action?: unknown } }>;
  };
  routes = Object.entries(build.routes)
    .filter(([id]) => id !== "root")
    .map(([id, r]) => ({ id, path: fullPath(build.routes, id), hasAction: Boolean(r.module.action), hasLoader: Boolean(r.module.loader) }));

  for (const u of DEMO_USERS) {
    const slug = u.org === "riverside" ? "riverside" : u.org === "keystone" ? "keystone" : null;
    if (!slug || !CALLER_ORGS.has(slug)) continue;
    const userId = users[u.email]!.id;
    callers.push({ label: `${slug}/${u.role}/${u.email}`, cookie: await sessionCookieFor(userId), ownSlug: slug, userId });
  }

  // Every tenant table: the target org's ids (for URL params) and its text values.
  const targetId = orgs.maple.id;
  const tables = await sql<{ table_name: string }>`
    select distinct table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'org_id'`.execute(t.db);
  const callerText = new Set<string>();
  const targetText = new Set<string>();
  for (const { table_name } of tables.rows) {
    const cols = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = 'public' and table_name = ${table_name}`.execute(t.db);
    const textCols = cols.rows.filter((c) => c.data_type === "text" && !/(_id|hash|token|slug|role|status|kind|action|type|currency|time_zone|ip|key)$/.test(c.column_name));
    const hasId = cols.rows.some((c) => c.column_name === "id");
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(t.db);
    for (const row of rows.rows) {
      const mine = row.org_id === targetId;
      if (mine && hasId && typeof row.id === "string") foreignIds.add(row.id);
      if (mine && hasId && typeof row.id === "string") {
        const camel = table_name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        paramValues[`${camel}Id`] ??= row.id;
      }
      for (const c of textCols) {
        const v = row[c.column_name];
        if (typeof v !== "string" || v.length < 6) continue;
        (mine ? targetText : callerText).add(v);
      }
    }
  }
  // The target org's own name, and its members' names and emails.
  targetText.add("Maple Street House");
  for (const u of DEMO_USERS.filter((u) => u.org === "maple")) {
    targetText.add(u.name);
    targetText.add(u.email);
  }
  secrets = [...targetText].filter((v) => !callerText.has(v) && !DEMO_USERS.some((u) => u.org !== "maple" && (u.name === v || u.email === v)));
  // Words that are part of the product's static pages (a city in the time-zone list, say)
  // are not the other org's data: drop what the public pages already contain.
  const baseline = (await Promise.all(["/", "/login", "/signup", "/forgot-password"].map(async (p) => (await server.request(p)).text()))).join("\n");
  secrets = secrets.filter((v) => !baseline.includes(v));
  // Route params named for what they hold rather than for their table (house documents).
  paramValues = { ...paramValues, org: TARGET_ORG, operator: TARGET_ORG, versionId: paramValues.documentVersionId!, signatureId: paramValues.documentSignatureId! };
  // A receipt is a payment's ledger entry.
  const payment = await t.db.selectFrom("ledger_entry").select("id").where("org_id", "=", targetId).where("kind", "=", "payment").executeTakeFirst();
  if (payment) paramValues.entryId = payment.id;
  // A statement's month: the current one (yyyy-mm), so statement pages and PDFs load the
  // foreign resident's real entries rather than refusing a malformed month.
  paramValues.month = todayIn("America/Chicago").slice(0, 7);
  // A signed fee agreement (ADR 031).
  if (paramValues.feeAgreementAckId) paramValues.ackId = paramValues.feeAgreementAckId;

  // What the target org's owner and resident may submit on each of its pages, with its own ids.
  const today = todayIn("America/Chicago");
  for (const who of DEMO_USERS.filter((u) => u.org === "maple" && (u.role === "owner" || u.role === "resident"))) {
    const cookie = await sessionCookieFor(users[who.email]!.id);
    for (const route of routes.filter((r) => r.hasLoader && r.path.includes(":org"))) {
      const url = urlFor(route, TARGET_ORG);
      const res = await server.request(url, { cookie });
      if (res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("text/html")) {
        await res.body?.cancel();
        continue;
      }
      for (const s of postSubmissions(await res.text(), url, today)) {
        const path = new URL(s.action, "http://x").pathname;
        const list = submissionsByPath.get(path) ?? [];
        if (!list.some((o) => o.action === s.action && o.label === s.label)) list.push(s);
        submissionsByPath.set(path, list);
      }
    }
  }
}, 240_000); // seeds the demo and walks every page as the target's owner and resident: slow on a shared machine

const carriesForeignId = (s: Submission) => [s.action, ...s.fields.map(([, v]) => v)].some((v) => [...foreignIds].some((id) => v.includes(id)));

function urlFor(route: RouteInfo, org: string): string {
  return route.path.replace(/:(\w+)\??/g, (_, name: string) =>
    name === "org" ? org : (paramValues[name] ?? "00000000-0000-4000-8000-000000000000"),
  ).replace(/\/\*$/, "/x");
}

describe("cross-tenant probe", () => {
  it("no route, for any role, reveals another org's data", { timeout: 420_000 }, async () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(secrets.length).toBeGreaterThan(3);
    const failures: string[] = [];
    const noForms = new Set<string>();
    let probes = 0;
    for (const route of routes) {
      const orgScoped = route.path.includes(":org");
      const variants = orgScoped ? [TARGET_ORG, ...new Set(callers.map((c) => c.ownSlug).filter(Boolean) as string[])] : [TARGET_ORG];
      for (const caller of callers) {
        for (const slug of variants) {
          if (slug !== TARGET_ORG && slug !== caller.ownSlug) continue;
          // A month (yyyy-mm) is not an id: a path whose only other param is one has no foreign id.
          const hasForeignParam = /:(?!org\b|month\b)\w+/.test(route.path);
          // Own org with no foreign id in the URL is legitimately visible: skip it.
          if (orgScoped && slug !== TARGET_ORG && !hasForeignParam) continue;
          const url = urlFor(route, slug);
          // Org pages: the page's real submissions; elsewhere (sign-in, account) a bare POST
          // that must neither fail nor leak.
          const real = orgScoped ? (submissionsByPath.get(new URL(urlFor(route, TARGET_ORG), "http://x").pathname) ?? []) : [];
          const posts: { url: string; form: URLSearchParams; label: string }[] = !route.hasAction
            ? []
            : real.length
              ? real
                  .filter((s) => slug === TARGET_ORG || carriesForeignId(s))
                  .map((s) => ({ url: s.action.replace(`/o/${TARGET_ORG}/`, `/o/${slug}/`), form: new URLSearchParams(s.fields), label: s.label }))
              : [{ url, form: new URLSearchParams({ intent: "probe" }), label: "intent=probe" }];
          if (orgScoped && route.hasAction && !real.length) noForms.add(route.path);
          const requests = [...(route.hasLoader ? [{ method: "GET", url, form: undefined, label: "" }] : []), ...posts.map((p) => ({ method: "POST", ...p }))];
          for (const { method, url, form, label } of requests) {
            probes++;
            const res = await server.request(url, {
              method,
              cookie: caller.cookie,
              ...(form ? { body: form, headers: { "content-type": "application/x-www-form-urlencoded" } } : {}),
            });
            const body = await res.text();
            // A POST may end the caller's session (sign out, revoke sessions): start a new one.
            if (method === "POST" && caller.userId) caller.cookie = await sessionCookieFor(caller.userId);
            const where = `${method} ${url}${label ? ` (${label})` : ""} as ${caller.label} → ${res.status}`;
            if (res.status >= 500) failures.push(`${where}: server error`);
            if (orgScoped) {
              const denied = res.status === 403 || res.status === 404 || (method === "POST" && !real.length && (res.status === 400 || res.status === 405));
              const toLogin = !caller.cookie && res.status === 302 && (res.headers.get("location") ?? "").startsWith("/login");
              if (!denied && !toLogin) failures.push(`${where}: expected 403/404`);
            }
            // A form shown again repeats what was sent: only what the caller did not send counts.
            const sent = form?.toString() ?? "";
            const leaked = secrets.find((s) => body.includes(s) && !sent.includes(new URLSearchParams({ v: s }).toString().slice(2)));
            if (leaked) failures.push(`${where}: body contains the other org's value "${leaked.slice(0, 40)}"`);
          }
        }
      }
    }
    const replayed = [...submissionsByPath.values()].flat();
    console.info(
      `cross-tenant probe: ${probes} requests over ${routes.length} routes and ${callers.length} callers; ` +
        `${replayed.length} real submissions (${[...new Set(replayed.map((s) => s.label))].join(", ")}); ` +
        `org routes with an action but no form on their page: ${[...noForms].join(", ") || "none"}`,
    );
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(routes.length);
  });
});
