import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { moveCertification } from "#app/domain/certification/certification.server";
import { PIPELINE_PAGE_SIZE as PAGE_SIZE } from "#app/domain/grants/certifier.server";
import { makeOperatorWithSlug, type Operator } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier, type Certifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { get } from "./house-pages";

/**
 * The certifier's pipeline a keyset page of operators at a time (ADR 061): PIPELINE_PAGE_SIZE operators
 * and a link to the next page, which continues without repeats or gaps; the `?status=` filter
 * pages too; the dashboard's counts are over every covered house whatever the page; the
 * statement count does not grow with the operators; each page audits the operators it shows.
 */
const t = useTestDatabase();
const server = useTestServer();

const EXTRA = 14;
const OPERATORS = PAGE_SIZE + EXTRA;
/** Every 8th operator's house has no certification from the body; the others' are in review. */
const uncertified = (i: number) => i % 8 === 0;
let body: Certifier;
let ops: (Operator & { houseId: string })[] = [];
let small: Certifier;

const operatorsOn = (html: string) => [...html.matchAll(/data-operator="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const nextHref = (html: string) => /<a [^>]*href="[^"?]*(\?[^"]*cursor=[^"]+)"[^>]*>Next operators/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
const count = (html: string, key: string) => Number(new RegExp(`data-count="${key}"[^>]*>(?:<[^>]+>)*(\\d+)`).exec(html)?.[1] ?? "0");
const names = (ids: string[]) => ids.map((id) => ops.find((o) => o.orgId === id)?.name);

beforeAll(async () => {
  body = await makeCertifier();
  for (let i = 0; i < OPERATORS; i++) {
    const op = await makeOperatorWithSlug(`Paging Operator ${String(i).padStart(3, "0")}`);
    const { houseId } = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
    await grantAccess(op, body.orgId, [houseId]);
    if (!uncertified(i)) await withTenant(body.admin, (tx) => moveCertification(tx, op.slug, houseId, { status: "in_review", level: 2 }));
    ops.push({ ...op, houseId });
  }
  ops = ops.sort((a, b) => (a.name < b.name ? -1 : 1));
  // A body with one operator: the statement count must be the same as with PAGE_SIZE + 14.
  small = await makeCertifier();
  const lone = await makeOperatorWithSlug();
  await grantAccess(lone, small.orgId, [(await makeHouse(lone.owner, { rooms: 1, bedsPerRoom: 1 })).houseId]);
}, 300_000);

describe("the certifier's pipeline, a page of operators at a time", () => {
  it("shows PAGE_SIZE operators and a next link; the next page continues without repeats or gaps; the counts cover every operator", async () => {
    const base = `/o/${body.slug}/audits`;
    const first = await get(server, base, body.auditorCookie);
    expect(first.status).toBe(200);
    const page1 = operatorsOn(first.html);
    expect(page1).toHaveLength(PAGE_SIZE);
    expect(names(page1)).toEqual(ops.slice(0, PAGE_SIZE).map((o) => o.name));
    const next = nextHref(first.html);
    expect(next).not.toBeNull();
    expect(first.html).not.toContain("Back to the start of the list");
    // Counts over every covered house, not the page's.
    const inReview = ops.filter((o) => !uncertified(Number(o.name.slice(-3)))).length;
    expect(count(first.html, "status-in_review")).toBe(inReview);
    expect(count(first.html, "status-none")).toBe(OPERATORS - inReview);

    const second = await get(server, `${base}${next}`, body.auditorCookie);
    expect(second.status).toBe(200);
    const page2 = operatorsOn(second.html);
    expect(names(page2)).toEqual(ops.slice(PAGE_SIZE).map((o) => o.name));
    expect(new Set([...page1, ...page2]).size).toBe(OPERATORS);
    expect(nextHref(second.html)).toBeNull();
    expect(second.html).toContain("Back to the start of the list");
    expect(count(second.html, "status-in_review")).toBe(inReview);

    // Each page audits the operators it shows, not the others: one event in the certifier's log
    // per page naming them (certifier_audit_many, 0065), one in each shown operator's log.
    const events = await t.db.selectFrom("audit_event").select(["org_id", "entity_id", "data"]).where("action", "=", "audit.pipeline_viewed").where("org_id", "=", body.orgId).orderBy("id").execute();
    expect(events.map((e) => e.entity_id)).toEqual([body.orgId, body.orgId]);
    const named = events.map((e) => (e.data as { operatorOrgIds: string[] }).operatorOrgIds);
    expect(new Set(named[0])).toEqual(new Set(page1));
    expect(new Set(named[1])).toEqual(new Set(page2));
    const houses = events.map((e) => (e.data as { houseIds: string[] }).houseIds);
    expect(new Set(houses[1])).toEqual(new Set(page2.map((id) => ops.find((o) => o.orgId === id)!.houseId)));
    for (const id of [...page1, ...page2]) {
      const opLog = await t.db.selectFrom("audit_event").select(["entity_id", "data"]).where("action", "=", "audit.pipeline_viewed").where("org_id", "=", id).execute();
      expect(opLog, id).toHaveLength(1);
      expect((opLog[0]!.data as { certifierOrgId: string }).certifierOrgId).toBe(body.orgId);
    }
  });

  it("pages a filtered list: only operators with a house of that status, the filter kept in the next link", async () => {
    const base = `/o/${body.slug}/audits?status=in_review`;
    const first = await get(server, base, body.auditorCookie);
    const page1 = operatorsOn(first.html);
    const expected = ops.filter((o) => !uncertified(Number(o.name.slice(-3))));
    expect(expected.length).toBeGreaterThan(PAGE_SIZE);
    expect(names(page1)).toEqual(expected.slice(0, PAGE_SIZE).map((o) => o.name));
    const next = nextHref(first.html);
    expect(next).toContain("status=in_review");
    const second = await get(server, `/o/${body.slug}/audits${next}`, body.auditorCookie);
    expect(names(operatorsOn(second.html))).toEqual(expected.slice(PAGE_SIZE).map((o) => o.name));
    expect(nextHref(second.html)).toBeNull();

    const none = await get(server, `/o/${body.slug}/audits?status=none`, body.auditorCookie);
    expect(names(operatorsOn(none.html))).toEqual(ops.filter((o) => uncertified(Number(o.name.slice(-3)))).map((o) => o.name));
    expect(nextHref(none.html)).toBeNull();
  });

  it("runs the same statements for one operator as for a page and more, in one transaction", async () => {
    const measure = async (url: string, cookie: string) => {
      const res = await server.request(url, { cookie });
      await res.text();
      expect(res.status, url).toBe(200);
      return { n: Number(res.headers.get("x-query-count")), t: Number(res.headers.get("x-transaction-count")) };
    };
    const one = await measure(`/o/${small.slug}/audits`, small.auditorCookie);
    const many = await measure(`/o/${body.slug}/audits`, body.auditorCookie);
    const filtered = await measure(`/o/${body.slug}/audits?status=in_review`, body.auditorCookie);
    expect(many.n).toBe(one.n);
    expect(filtered.n).toBe(one.n);
    expect(many.n).toBeLessThanOrEqual(8);
    expect([one.t, many.t, filtered.t]).toEqual([1, 1, 1]);
  });

  it("answers 400 for a cursor or a status that is not one, never a 500", async () => {
    for (const q of ["cursor=nonsense", "cursor=eyJhZnRlciI6MX0x", "status=approved", "status=in_review&cursor="]) {
      expect((await get(server, `/o/${body.slug}/audits?${q}`, body.auditorCookie)).status, q).toBe(400);
    }
  });
});
