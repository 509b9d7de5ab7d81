import { DEMO, expect, expectAxeClean, test } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 } });

test("on a phone the house manager has their main tabs, the rest under More, and an account menu", async ({ page, signIn }) => {
  await signIn(DEMO.houseManager);
  await page.goto("/o/riverside");
  const sections = page.getByRole("navigation", { name: "Sections" });
  await expect(page).toHaveURL(/\/o\/riverside\/today$/);
  for (const label of ["Today", "Houses", "Residents"]) await expect(sections.getByRole("link", { name: label, exact: true })).toBeVisible();
  await expect(sections.getByRole("link", { name: "Team", exact: true })).toBeHidden();

  await sections.getByText("More").click();
  await sections.getByRole("link", { name: "Team", exact: true }).click();
  await expect(page).toHaveURL(/\/o\/riverside\/members$/);
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  // The menu closed after navigating.
  await expect(sections.getByRole("link", { name: "Team", exact: true })).toBeHidden();

  // The header stays on one line: brand and account menu share a row.
  const brand = await page.getByRole("link", { name: "Hearth", exact: true }).boundingBox();
  const account = await page.locator("summary").filter({ hasText: "Account" }).boundingBox();
  expect(Math.abs(brand!.y - account!.y)).toBeLessThan(20);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);
});

test("lists become stacked rows on a phone: every column still there, nothing wider than the screen", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/applications");
  const firstRow = page.locator("table.data-table tbody tr").first();
  for (const label of ["Status", "Received", "Desired move-in", "House preference", "Referral"]) {
    await expect(firstRow.locator(`td[data-label="${label}"]`)).toBeVisible();
  }
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
});

test("a search on the residents list keeps a clean address (no ?index)", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/residents");
  await page.getByLabel("Search by name").fill("a");
  await page.getByRole("button", { name: "Show residents" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/o\/riverside\/residents$/);
});

test("the house board prints without the app's header, navigation or controls", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/houses");
  await page.locator("table.data-table tbody tr th a").first().click();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeHidden();
  await expect(page.locator("header").first()).toBeHidden();
  await expect(page.locator("main form").first()).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("a 404 inside the organisation keeps the app's header and navigation", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  await signIn(DEMO.owner);
  const res = await page.goto("/o/riverside/residents/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "We couldn't find that" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
});
