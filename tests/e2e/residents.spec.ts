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
