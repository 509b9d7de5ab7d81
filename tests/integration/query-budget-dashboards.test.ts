import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { moveCertification } from "#app/domain/certification/certification.server";
import { recordFile } from "#app/domain/files/files.server";
import { addCheck, addComplianceDocument } from "#app/domain/safety/safety.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier, type Certifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { submittedAssessment } from "#tests/support/review";
import { fakeStored } from "#tests/support/safety";

/**
 * The standards dashboards (ADR 058) within the query budget (tests/integration/query-budget.test.ts:
 * 8 statements, 1 transaction) whatever the number of houses, assessments, findings, inspections,
 * documents, checks, certifications and operators: a small world and a large one must run the same
 * number of statements on each page, as the owner, a house manager and the certifier's people.
 */
const BUDGET = 8;
useTestDatabase();
const server = useTestServer();

/** A certifier with `operators` operators of `houses` houses each, every house with a bit of everything. */
async function world(operators: number, houses: number) {
  const today = todayIn("America/New_York");
  const body: Certifier = await makeCertifier();
  const ops = [];
  for (let o = 0; o < operators; o++) {
    const op = await makeOperatorWithSlug();
    const houseIds: string[] = [];
    for (let h = 0; h < houses; h++) houseIds.push((await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 })).houseId);
    const manager = await signedInMember(op, "house_manager", houseIds.slice(0, Math.max(1, houses - 1)));
    await grantAccess(op, body.orgId, houseIds);
    for (const [n, houseId] of houseIds.entries()) {
      const { assessmentId, items } = await submittedAssessment(op.owner, houseId, { answers: 5 + n });
      await withTenant(op.owner, async (tx) => {
        for (let k = 0; k < 3; k++) {
          await addCheck(tx, { houseId, kind: "other", name: `Check ${k}`, intervalDays: 7, firstDueOn: addDays(today, k - 1) });
          const fileId = await recordFile(tx, fakeStored(op.orgId), { houseId });
          await addComplianceDocument(tx, { houseId, kind: "insurance", title: `Policy ${k}`, expiresOn: addDays(today, 30 * k - 1) }, fileId);
        }
      });
      await withTenant(body.auditor, async (tx) => {
        await tx.insertInto("finding").values(items.slice(0, 6).map((it, k) => ({
          org_id: op.orgId, house_id: houseId, certifier_org_id: body.orgId, assessment_id: assessmentId, item_id: it.id, inspection_id: null,
          severity: "minor" as const, summary: `Finding ${k}`, due_on: addDays(today, k - 3), note: null,
        }))).execute();
        await tx.insertInto("inspection").values([0, 1, 2].map((k) => ({
          org_id: op.orgId, house_id: houseId, certifier_org_id: body.orgId, assessment_id: assessmentId, scheduled_on: addDays(today, k * 3 - 3),
          inspector_user_id: null, note: null,
        }))).execute();
      });
      await withTenant(body.admin, async (tx) => {
        await moveCertification(tx, op.slug, houseId, { status: "in_review", level: 2 });
        if (n % 2 === 0) await moveCertification(tx, op.slug, houseId, { status: "certified", level: 2, decidedOn: addDays(today, -300), expiresOn: addDays(today, 20 + n) });
      });
    }
    ops.push({ op, manager });
  }
  return { body, ops };
}

async function measure(url: string, cookie: string) {
  const res = await server.request(url, { cookie });
  const html = await res.text();
  expect(res.status, url).toBe(200);
  return { html, n: Number(res.headers.get("x-query-count")), t: Number(res.headers.get("x-transaction-count")) };
}

describe("the standards dashboards' query budget", () => {
  it(`stay within ${BUDGET} statements and 1 transaction, the same count for 1 house as for 3 operators of 8 houses`, { timeout: 240_000 }, async () => {
    const small = await world(1, 1);
    const large = await world(3, 8);
    const pages = (w: Awaited<ReturnType<typeof world>>) => [
      ["operator dashboard (owner)", `/o/${w.ops[0]!.op.slug}/standards/dashboard`, w.ops[0]!.op.cookie],
      ["operator dashboard (house manager)", `/o/${w.ops[0]!.op.slug}/standards/dashboard`, w.ops[0]!.manager.cookie],
      ["certifier pipeline (certifier admin)", `/o/${w.body.slug}/audits`, w.body.adminCookie],
      ["certifier pipeline (auditor)", `/o/${w.body.slug}/audits`, w.body.auditorCookie],
      ["certifier pipeline, filtered", `/o/${w.body.slug}/audits?status=certified`, w.body.auditorCookie],
    ] as const;
    const report: string[] = [];
    const smallPages = pages(small);
    const largePages = pages(large);
    for (const [i, [name, url, cookie]] of largePages.entries()) {
      const [, smallUrl, smallCookie] = smallPages[i]!;
      const a = await measure(smallUrl, smallCookie);
      const b = await measure(url, cookie);
      report.push(`${name}: ${a.n} statements with 1 house, ${b.n} with ${large.ops.length} × 8`);
      expect(b.n, name).toBe(a.n);
      expect(b.n, name).toBeLessThanOrEqual(BUDGET);
      expect(a.t, name).toBe(1);
      expect(b.t, name).toBe(1);
    }
    console.info(report.join("\n"));
    // The large pages show the large data (the dashboards did not come back empty).
    const owner = await measure(largePages[0][1], largePages[0][2]);
    expect(owner.html.match(/data-count="ready-/g)?.length ?? 0).toBeGreaterThanOrEqual(8 * 5);
    const certifier = await measure(largePages[2][1], largePages[2][2]);
    expect(certifier.html).toContain('data-count="status-certified"');
    expect(certifier.html).toContain('data-count="status-in_review"');
    for (const { op } of large.ops) expect(certifier.html).toContain(`data-count="overdue-${op.orgId}"`);
  });
});
