import { addDays, todayIn } from "../../app/lib/calendar-date";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";

test.describe("the public application form, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an applicant is told what is missing, then thanked", async ({ page, consoleErrors }) => {
    consoleErrors.allow(failedLoad(400)); // the re-rendered form
    await page.goto("/apply/riverside");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Apply to Riverside Recovery Homes");
    await expectAxeClean(page, { javaScriptDisabled: true });

    await page.getByLabel("Your name").fill("Casey Newcomer");
    await page.getByLabel("Phone number").fill("215-555-0177");
    await page.getByRole("radio", { name: "A treatment program" }).check();
    await page.getByRole("button", { name: "Send my application" }).click();
    await expect(page.getByText("Tick this box so we can get in touch with you.")).toBeVisible();
    // What was typed is kept.
    await expect(page.getByLabel("Your name")).toHaveValue("Casey Newcomer");
    await expect(page.getByRole("radio", { name: "A treatment program" })).toBeChecked();
    await expectAxeClean(page, { javaScriptDisabled: true });

    await page.getByLabel(/I agree that Riverside Recovery Homes may contact me/).check();
    await page.getByRole("button", { name: "Send my application" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you — we've received your application");
    await expectAxeClean(page, { javaScriptDisabled: true });
  });
});

test("an owner works through applications and admits from one", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/applications");
  await expect(page.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("link", { name: "Waitlist" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Waitlist" })).toBeVisible();
  await expectAxeClean(page);

  // The demo's accepted application (for Juniper Family House): other specs running
  // alongside may have accepted applications of their own.
  await page.goto("/o/riverside/applications?status=accepted");
  await page.getByRole("table").getByRole("row").filter({ hasText: "Juniper Family House" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Application from /);
  await expectAxeClean(page);

  const bed = page.getByLabel("Bed", { exact: true });
  const first = await bed.locator("option:not([value=''])").first().getAttribute("value");
  await bed.selectOption(first!);
  await page.getByRole("button", { name: /^Admit from / }).click();
  await expect(page).toHaveURL(/\/o\/riverside\/stays\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Stay" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Admitted" })).toBeVisible();
  await expectAxeClean(page);

  await page.goto("/o/riverside/applications/new");
  await expectAxeClean(page);
});

test("a house manager admits a former resident today and records a discharge", async ({ page, signIn }) => {
  await signIn(DEMO.houseManager);
  await page.goto("/o/riverside/admit");
  await expect(page.getByRole("heading", { level: 1, name: "Admit a resident" })).toBeVisible();
  await expectAxeClean(page);
  const resident = page.getByLabel("Resident");
  await resident.selectOption((await resident.locator("option:not([value=''])").first().getAttribute("value"))!);
  const bed = page.getByLabel("Bed", { exact: true });
  await bed.selectOption((await bed.locator("option:not([value=''])").first().getAttribute("value"))!);
  await page.getByRole("button", { name: /^Admit from / }).click();
  await expect(page).toHaveURL(/\/o\/riverside\/stays\/[0-9a-f-]{36}$/);
  // The landing confirms the admission and makes the profile the next step.
  await expect(page.getByRole("heading", { name: "Admitted" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Open their profile/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Record discharge/ })).toBeVisible();
  await expectAxeClean(page);

  await page.getByLabel("Move-out date").fill(addDays(todayIn("America/New_York"), 1));
  await page.getByLabel("Discharge reason").selectOption({ label: "Moved to independent or other housing" });
  await page.getByLabel("Destination (optional)").fill("Own apartment");
  await page.getByRole("button", { name: /^Record discharge/ }).click();
  // A second step asks first; nothing is recorded until then.
  await expect(page.getByRole("heading", { name: "Record this discharge?" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Yes, record the discharge" }).click();
  await expect(page.getByRole("status")).toHaveText(/Discharge recorded\./);
  await expect(page.getByText("Discharge — Moved to independent or other housing")).toBeVisible();
  await expectAxeClean(page);
  // … with an undo right there.
  await page.getByRole("button", { name: "Undo the discharge" }).first().click();
  await expect(page.getByRole("status")).toHaveText(/Discharge undone\./);
  await expect(page.getByRole("button", { name: /^Record discharge/ })).toBeVisible();
});
