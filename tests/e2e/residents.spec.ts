import { DEMO, expect, expectAxeClean, test } from "./fixtures";

// The residents pages for staff and the resident portal, in the demo world
// (db/seed/houses.ts: Sam lives in Harbor House, Room 1, bed A, and has an account).

test("an owner finds a resident, opens the profile and its staff notes, and the edit form", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/residents");
  await expect(page.getByRole("heading", { level: 1, name: "Residents" })).toBeVisible();
  await expectAxeClean(page);

  await page.getByLabel("Search by name").fill("Samuel");
  await page.getByLabel("Show").selectOption("all");
  await page.getByRole("button", { name: "Show residents" }).click();
  // A name search is posted: the name never appears in the address bar.
  await expect(page.getByRole("link", { name: "Sam", exact: true })).toBeVisible();
  expect(page.url()).not.toContain("Samuel");
  await page.getByRole("link", { name: "Sam", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Sam" })).toBeVisible();
  await expect(page).toHaveTitle("Resident · Hearth");
  await expect(page.getByText("Harbor House").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Staff notes" })).toBeVisible();
  await expect(page.getByText("Their account is linked")).toBeVisible();
  await expectAxeClean(page);

  await page.getByRole("link", { name: "Edit profile" }).click();
  await expect(page.getByLabel("Legal name")).toHaveValue("Samuel Taylor");
  await expectAxeClean(page);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a resident sees where they live and updates their phone number", async ({ page, signIn }) => {
    await signIn(DEMO.resident);
    await page.goto("/o/riverside/me");
    await expect(page.getByRole("heading", { level: 1, name: "My home" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Where you live" })).toBeVisible();
    await expect(page.getByText("Harbor House")).toBeVisible();
    await expect(page.getByText("Room 1, bed A")).toBeVisible();
    await expect(page.getByText("Luis Ortega")).toBeVisible();
    await expectAxeClean(page);

    await page.getByRole("link", { name: /My details/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My details" })).toBeVisible();
    await page.getByLabel("Phone", { exact: true }).fill("215-555-0123");
    await page.getByRole("button", { name: "Save my details" }).click();
    await expect(page.getByText("Your details are saved.")).toBeVisible();
    await expect(page.getByLabel("Phone", { exact: true })).toHaveValue("215-555-0123");
    await expectAxeClean(page);
  });
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "filters, with JavaScript" : "filters, without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test(`the residents list filters by house and sorts, and the address never gains "?index" (${javaScriptEnabled ? "JS" : "no JS"})`, async ({ page, signIn }) => {
      await signIn(DEMO.owner);
      await page.goto("/o/riverside/residents");
      await page.getByLabel("House", { exact: true }).selectOption({ label: "Willow House" });
      await page.getByLabel("Sort by").selectOption({ label: "Move-in (newest first)" });
      await page.getByRole("button", { name: "Show residents" }).click();
      await expect(page.getByRole("table")).toHaveAccessibleName(/at Willow House, by move-in, newest first/);
      // Read back: the chosen filter and order are what the form shows, and every row is Willow's.
      await expect(page.getByLabel("House", { exact: true }).locator("option:checked")).toHaveText("Willow House");
      await expect(page.getByLabel("Sort by").locator("option:checked")).toHaveText("Move-in (newest first)");
      const houses = await page.locator("table tbody td[data-label='House']").allTextContents();
      expect(houses.length).toBeGreaterThan(0);
      expect(new Set(houses)).toEqual(new Set(["Willow House"]));
      expect(page.url()).not.toContain("index");

      // A name search is a POST: its answer stays on the page's own address.
      await page.getByLabel("Search by name").fill("a");
      await page.getByRole("button", { name: "Show residents" }).click();
      await expect(page.getByRole("table")).toHaveAccessibleName(/names matching/);
      expect(page.url()).not.toContain("index");
      expect(page.url()).not.toMatch(/[?&]q=/);
    });
  });
}
