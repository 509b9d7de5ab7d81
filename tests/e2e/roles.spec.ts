import { can } from "../../app/domain/permissions";
import type { Role } from "../../app/db/schema";
import { NAV } from "../../app/ui/nav";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";

type Case = { role: Role; email: string; org: string; kind: "operator" | "certifier"; home: string; heading: string; neverSees: string[] };

// Each demo role, where it lands, and sections it must never be offered (checked
// independently of the NAV table, which also decides the full expected list).
const CASES: Case[] = [
  { role: "owner", email: DEMO.owner, org: "riverside", kind: "operator", home: "/o/riverside", heading: "Overview", neverSees: ["My home"] },
  { role: "house_manager", email: DEMO.houseManager, org: "riverside", kind: "operator", home: "/o/riverside/today", heading: "Today", neverSees: ["Settings", "Audit log", "My home"] },
  { role: "staff", email: DEMO.staff, org: "riverside", kind: "operator", home: "/o/riverside/today", heading: "Today", neverSees: ["Settings", "Audit log", "My home"] },
  { role: "resident", email: DEMO.resident, org: "riverside", kind: "operator", home: "/o/riverside/me", heading: "My home", neverSees: ["Overview", "Team", "Settings", "Audit log"] },
  { role: "certifier_admin", email: DEMO.certifierAdmin, org: "keystone", kind: "certifier", home: "/o/keystone", heading: "Overview", neverSees: ["My home"] },
  { role: "auditor", email: DEMO.auditor, org: "keystone", kind: "certifier", home: "/o/keystone", heading: "Overview", neverSees: ["Settings", "Audit log", "My home"] },
];

function expectedNav(c: Case) {
  return NAV.filter(
    (item) =>
      (!item.permission || can(c.role, item.permission)) &&
      (!item.kinds || item.kinds.includes(c.kind)) &&
      (!item.roles || item.roles.includes(c.role)),
  );
}

for (const c of CASES) {
  test(`${c.role} lands on the org home and sees only the sections it may use`, async ({ page, signIn }) => {
    await signIn(c.email);
    const landing = await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`${c.home}$`));
    expect(landing?.status(), `${c.role}'s home ${c.home}`).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: c.heading })).toBeVisible();
    await expectAxeClean(page);

    const sections = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
    const expected = expectedNav(c);
    await expect(sections).toHaveText(expected.map((item) => item.label));
    for (const label of c.neverSees) await expect(sections.filter({ hasText: label })).toHaveCount(0);

    // Every section offered opens for this role (no 403/404 behind a nav link), accessibly.
    for (const item of expected) {
      const path = item.path ? `/o/${c.org}/${item.path}` : `/o/${c.org}`;
      if (path === c.home) continue;
      const response = await page.goto(path);
      expect(response?.status(), `${c.role} opening ${path}`).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAxeClean(page);
    }
  });
}

test("a resident is refused the team page and cannot see another organisation", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(403));
  consoleErrors.allow(failedLoad(404));
  await signIn(DEMO.resident);

  const members = await page.goto("/o/riverside/members");
  expect(members?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have access to this");
  await expectAxeClean(page);

  // Not a member: the org is indistinguishable from one that doesn't exist.
  const other = await page.goto("/o/keystone");
  expect(other?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that");
});
