import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * The standards editor (issue 13, capability 1; ADR 059) on the demo: Keystone's certifier
 * administrator copies the built-in standard into a new draft version, adds a state-specific
 * item, and publishes it (asked first); Riverside's owner then starts a self-assessment on
 * that version and finds the added item. Every page axe-clean and no wider than a phone.
 */
const fitsPhone = (page: import("@playwright/test").Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

test("a certifier publishes a state version with its own item; an operator assesses against it", async ({ page, signIn }) => {
  const run = Date.now().toString(36);
  const version = `e2e-${run}`;
  const itemText = `Residents can reach the state recovery-housing line (${run}).`;

  await signIn(DEMO.certifierAdmin);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/o/keystone/library");
  await expect(page.getByRole("heading", { level: 1, name: "Standards library" })).toBeVisible();
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);

  // Clone the built-in standard into a new draft.
  const builtIn = page.getByLabel("Standard to copy").locator("option", { hasText: "1.0 (Hearth" });
  await page.getByLabel("Standard to copy").selectOption((await builtIn.getAttribute("value"))!);
  await page.getByLabel("Version", { exact: true }).fill(version);
  await page.getByRole("button", { name: "Copy into a draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`${version}$`) })).toBeVisible();
  await expect(page.getByText("Your new draft is ready")).toBeVisible();
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);

  // Add a state item under standard 17 (domain 2, principle F).
  await page.getByRole("navigation", { name: "Domains" }).getByRole("link", { name: /^2\. / }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^2\. / })).toBeVisible();
  await page.getByLabel("Code").fill("2.F.17.z");
  await page.getByLabel("Item text").fill(itemText);
  await page.getByLabel("Evidence hint (optional)").fill("A photo of the posted notice");
  await page.getByLabel("Level III (supervised)").selectOption("recommended");
  await page.getByRole("button", { name: "Add the item" }).click();
  await expect(page.getByText("Item 2.F.17.z added.")).toBeVisible();
  await expect(page.locator('[data-item="2.F.17.z"]')).toContainText(itemText);
  await expectAxeClean(page);
  // Its own page: the item's fields, on a phone.
  await page.getByRole("link", { name: "Edit item 2.F.17.z" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Item 2.F.17.z" })).toBeVisible();
  await expect(page.getByLabel("Item text")).toHaveValue(itemText);
  await expect(page.getByLabel("Level III (supervised)")).toHaveValue("recommended");
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);
  await page.getByRole("link", { name: "Back to the standard" }).click();

  // Publish, after the question.
  await page.getByRole("button", { name: "Publish…" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`^Publish .* ${version}\\?$`) })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Yes, publish" }).click();
  await expect(page.getByText("Published. Operators can now start self-assessments on this version.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start a new version" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add the item" })).toHaveCount(0);
  await expectAxeClean(page);

  // The operator starts a self-assessment on the published version and sees the state item.
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/standards");
  const option = page.getByLabel("Standard", { exact: true }).locator("option", { hasText: version });
  await page.getByLabel("What is assessed").selectOption({ label: "The whole organisation" });
  await page.getByLabel("Standard", { exact: true }).selectOption((await option.getAttribute("value"))!);
  await page.getByLabel("Level of support").selectOption("2");
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await expect(page).toHaveURL(/\/o\/riverside\/standards\/[0-9a-f-]{36}$/);
  await expect(page.getByText(version).first()).toBeVisible();
  await expect(page.getByText(itemText)).toBeVisible();
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);
});

test("an auditor reads the library on a phone, without the forms", async ({ page, signIn }) => {
  await signIn(DEMO.auditor);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/o/keystone/library");
  await expect(page.getByRole("heading", { level: 1, name: "Standards library" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy into a draft" })).toHaveCount(0);
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);
  await page.getByRole("list", { name: "Published standards" }).getByRole("link").first().click();
  await expect(page.getByRole("navigation", { name: "Domains" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start a new version" })).toHaveCount(0);
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);
});
