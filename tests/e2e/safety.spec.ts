import { expect, expectAxeClean, test } from "./fixtures";

// The safety and compliance log on a phone (issue 13, capability 3; ADR 044): a house manager
// adds a naloxone check, logs it with the expiry printed on the box, uploads the house's
// insurance certificate, and sees due and overdue checks; logging a check also works
// without JavaScript. Names are unique to the run.

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function openSafety(page: import("@playwright/test").Page) {
  await page.goto("/o/riverside/houses");
  await page.getByRole("link", { name: "Harbor House" }).first().click();
  await page.getByRole("navigation", { name: "House pages" }).getByRole("link", { name: "Safety" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Safety" })).toBeVisible();
}

test.describe("with JavaScript", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a manager logs a naloxone check with its expiry and uploads an insurance document", async ({ page, signIn }) => {
    test.setTimeout(120_000);
    const id = run();
    await signIn("luis.manager@demo.hearth.test");
    await openSafety(page);
    // The seeded list shows an overdue check and one done on time.
    await expect(page.locator("[data-check='Fire extinguishers']")).toContainText("Overdue since");
    await expect(page.locator("[data-check='Smoke and CO detectors']")).toContainText("Next due");
    await expectAxeClean(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const add = page.locator("form#add-check");
    await add.getByLabel("What is checked").selectOption("naloxone");
    await add.getByLabel("Name").fill(`Naloxone ${id}`);
    await add.getByLabel("Every how many days").fill("30");
    await add.getByRole("button", { name: "Add check" }).click();
    await expect(page.getByText(`Naloxone ${id} added to the checks.`)).toBeVisible();

    const log = page.locator("form#log");
    await log.getByLabel("Check", { exact: true }).selectOption({ label: `Naloxone ${id}` });
    await log.getByLabel("Naloxone expiry date").fill("2028-06-30");
    await log.getByLabel("Notes (optional)").fill(`Kit checked ${id}`);
    await log.getByRole("button", { name: "Log check" }).click();
    await expect(page.getByText("Check logged.")).toBeVisible();
    await expect(page.locator(`[data-check='Naloxone ${id}']`)).toContainText("Naloxone expires Jun 30, 2028");
    await expect(page.getByText(`Kit checked ${id}`)).toBeVisible();

    const doc = page.locator("form#add-document");
    await doc.getByLabel("Kind of document").selectOption("insurance");
    await doc.getByLabel("Title").fill(`Liability policy ${id}`);
    await doc.getByLabel("Expiry date (optional)").fill("2030-01-31");
    await doc.getByLabel("File", { exact: true }).setInputFiles({ name: `policy-${id}.pdf`, mimeType: "application/pdf", buffer: PDF });
    await doc.getByRole("button", { name: "Add document" }).click();
    await expect(page.getByText(`Liability policy ${id} added.`)).toBeVisible();
    const item = page.locator(`[data-document='Liability policy ${id}']`);
    await expect(item).toContainText("Valid until Jan 31, 2030");
    const download = page.waitForEvent("download");
    await item.getByRole("link", { name: `Download policy-${id}.pdf` }).click();
    expect((await download).suggestedFilename()).toBe(`policy-${id}.pdf`);
    await expectAxeClean(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

  test("a manager logs a check", async ({ page, signIn }) => {
    const id = run();
    await signIn("luis.manager@demo.hearth.test");
    await openSafety(page);
    const log = page.locator("form#log");
    await log.getByLabel("Check", { exact: true }).selectOption({ label: "Fire extinguishers" });
    await log.getByLabel("Result").selectOption("ok");
    await log.getByLabel("Notes (optional)").fill(`All three tagged ${id}`);
    await log.getByRole("button", { name: "Log check" }).click();
    await expect(page.getByText("Check logged.")).toBeVisible();
    await expect(page.getByText(`All three tagged ${id}`)).toBeVisible();
    await expectAxeClean(page, { javaScriptDisabled: true });
  });
});
