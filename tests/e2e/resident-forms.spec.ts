import type { Page } from "@playwright/test";
import { expect, expectAxeClean, failedLoad, test } from "./fixtures";

// Every form a resident can submit, filled in completely, saved, and read back after a
// fresh load — with and without JavaScript. A save that doesn't save is the worst bug:
// "My details" once posted only its intent (the inputs' form="contact" resolved to a
// heading with the same id) and wiped the emergency contact while saying it was saved.
// Ray (Maple Street) is used so no other spec depends on the values changed here.
const RAY = "ray.resident@demo.hearth.test";
const DETAILS = "/o/maple-street/me/details";

type Details = { phone: string; email: string; contactName: string; contactPhone: string; relationship: string };

async function fillDetails(page: Page, d: Details) {
  await page.getByLabel("Phone", { exact: true }).fill(d.phone);
  await page.getByLabel("Email", { exact: true }).fill(d.email);
  await page.getByLabel("Contact name").fill(d.contactName);
  await page.getByLabel("Contact phone").fill(d.contactPhone);
  await page.getByLabel("Relationship").fill(d.relationship);
}

async function expectDetails(page: Page, d: Details) {
  await expect(page.getByLabel("Phone", { exact: true })).toHaveValue(d.phone);
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(d.email);
  await expect(page.getByLabel("Contact name")).toHaveValue(d.contactName);
  await expect(page.getByLabel("Contact phone")).toHaveValue(d.contactPhone);
  await expect(page.getByLabel("Relationship")).toHaveValue(d.relationship);
}

// Both runs edit the same person: one after the other.
test.describe.configure({ mode: "serial" });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 } });

    test(`a resident's details save completely and survive a reload (${javaScriptEnabled ? "JS" : "no JS"})`, async ({ page, signIn, consoleErrors }) => {
      // Without JavaScript the refused save is a 400 document, which Chromium logs.
      consoleErrors.allow(failedLoad(400));
      await signIn(RAY);
      await page.goto(DETAILS);
      await expect(page.getByRole("heading", { level: 1, name: "My details" })).toBeVisible();
      const suffix = javaScriptEnabled ? "1" : "2";
      const saved: Details = {
        phone: `207-555-014${suffix}`,
        email: `ray.${suffix}@example.test`,
        contactName: `Rosa Jimenez ${suffix}`,
        contactPhone: `207-555-015${suffix}`,
        relationship: javaScriptEnabled ? "Sister" : "Sponsor",
      };
      await fillDetails(page, saved);
      await page.getByRole("button", { name: "Save my details" }).click();
      await expect(page.getByText("Your details are saved.")).toBeVisible();

      // Read back from the server, not from what the browser still shows.
      await page.goto(DETAILS);
      await expectDetails(page, saved);
      if (javaScriptEnabled) await expectAxeClean(page);
      else await expectAxeClean(page, { javaScriptDisabled: true });

      // A bad phone number is refused with a message on the field, and nothing changes.
      await page.getByLabel("Phone", { exact: true }).fill("abc");
      await page.getByLabel("Contact name").fill("Someone Else");
      await page.getByRole("button", { name: "Save my details" }).click();
      await expect(page.getByText("Enter a phone number, e.g. 215-555-0142.").first()).toBeVisible();
      await expect(page.getByText("Your details are saved.")).toHaveCount(0);
      await page.goto(DETAILS);
      await expectDetails(page, saved);
    });

    test(`a resident's account details save and survive a reload (${javaScriptEnabled ? "JS" : "no JS"})`, async ({ page, signIn }) => {
      await signIn(RAY);
      await page.goto("/account");
      const name = javaScriptEnabled ? "Ray J." : "Raymond J.";
      const phone = javaScriptEnabled ? "207-555-0161" : "207-555-0162";
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Work phone (optional)").fill(phone);
      await page.getByRole("button", { name: "Save details" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Your details were updated." }).first()).toBeVisible();
      await page.goto("/account");
      await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
      await expect(page.getByLabel("Work phone (optional)")).toHaveValue(phone);
    });
  });
}
