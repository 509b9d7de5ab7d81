import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * The standards dashboards (ADR 058) on a 390 px phone, on the demo: the owner and a house
 * manager open the operator's dashboard from the Standards page; Keystone's auditor opens the
 * pipeline's dashboard and follows a status count to the filtered list. Axe clean, no sideways
 * scroll, the readiness table named.
 */
test.use({ viewport: { width: 390, height: 844 } });

const fits = (page: import("@playwright/test").Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

test("the owner opens the standards dashboard from the Standards page", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/standards");
  await page.getByRole("link", { name: "Standards dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Standards dashboard" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Each house: readiness, findings and safety checks" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Each house's readiness, overall and by domain of its latest self-assessment" })).toBeVisible();
  await expect(page.getByText("Required items count twice as much as recommended ones", { exact: false })).toBeVisible();
  await expect(page.getByRole("table", { name: "Certifications expiring within 90 days" })).toBeVisible();
  expect(await fits(page)).toBe(true);
  await expectAxeClean(page);
});

test("a house manager sees the dashboard of their houses", async ({ page, signIn }) => {
  await signIn(DEMO.houseManager);
  await page.goto("/o/riverside/standards/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Standards dashboard" })).toBeVisible();
  expect(await fits(page)).toBe(true);
  await expectAxeClean(page);
});

test("the auditor reads the pipeline's dashboard and opens the certified houses", async ({ page, signIn }) => {
  await signIn(DEMO.auditor);
  await page.goto("/o/keystone/audits");
  await expect(page.getByRole("heading", { name: "Pipeline by certification status" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Inspections in / })).toBeVisible();
  expect(await fits(page)).toBe(true);
  await expectAxeClean(page);
  await page.getByRole("link", { name: /houses?: Certified$/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Houses: Certified" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Show every house" })).toBeVisible();
  expect(await fits(page)).toBe(true);
  await expectAxeClean(page);
});
