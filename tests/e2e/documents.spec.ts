import { expect, expectAxeClean, failedLoad, signInAs, test } from "./fixtures";

// House documents on a phone, with and without JavaScript: the owner publishes the
// house's own rules, the resident is asked at sign-in, reads and signs them (a wrong name
// is refused first), and the owner sees the signature and opens the printable copy.
// Maple Street is used so no other spec depends on what changes here (Ray's landing page).
const PAT = "pat.owner@demo.hearth.test";
const RAY = "ray.resident@demo.hearth.test";
const ORG = "/o/maple-street";

// Both runs publish to the same house and sign as the same person: one after the other.
test.describe.configure({ mode: "serial" });
// Each run walks a whole document lifecycle with two people: slow on a loaded 2-core machine.
test.setTimeout(240_000);

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const axe = (page: Parameters<typeof expectAxeClean>[0]) => (javaScriptEnabled ? expectAxeClean(page) : expectAxeClean(page, { javaScriptDisabled: true }));

    test(`publish, sign, see and print a signed copy (${javaScriptEnabled ? "JS" : "no JS"})`, async ({ page, browser, baseURL, signIn, consoleErrors }) => {
      // The refused signature (wrong name) is a 400 document, which Chromium logs.
      consoleErrors.allow(failedLoad(400));
      const rule = `Bikes live in the shed (${javaScriptEnabled ? "js" : "no-js"} ${Date.now()}).`;

      // 1. The owner writes and publishes the house's own rules.
      await signIn(PAT);
      await page.goto(`${ORG}/houses`);
      await page.getByRole("link", { name: "Maple Street House" }).first().click();
      await page.getByRole("link", { name: "House documents" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "House documents" })).toBeVisible();
      await axe(page);
      await page.getByRole("link", { name: "Write or publish" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Write house documents" })).toBeVisible();
      await axe(page);
      const rules = page.getByRole("region", { name: "House rules" });
      await rules.getByLabel("Text of the house rules").fill(`# Maple Street rules\n\n- ${rule}\n- Quiet hours from 10 pm.`);
      await rules.getByRole("button", { name: /^Publish as version \d+$/ }).click();
      // Asked first, with how many residents are asked to sign again.
      await expect(page.getByText(/Publishing asks every current resident to sign again: \d+ current residents? of this house\./)).toBeVisible();
      await axe(page);
      await page.getByRole("button", { name: /^Yes, publish version \d+$/ }).click();
      await expect(page.getByText(/House rules version \d+ published/)).toBeVisible();

      // 2. The resident signs in and lands on what waits for their signature.
      const residentContext = await browser.newContext({ baseURL, javaScriptEnabled, viewport: { width: 390, height: 844 } });
      consoleErrors.watch(residentContext);
      await signInAs(residentContext, baseURL!, RAY);
      const resident = await residentContext.newPage();
      await resident.goto("/");
      await expect(resident).toHaveURL(new RegExp(`${ORG}/me/documents$`));
      await expect(resident.getByRole("heading", { level: 1, name: "Documents waiting for your signature" })).toBeVisible();
      await expect(resident.getByRole("link", { name: "Continue to my home" })).toBeVisible();
      await axe(resident);
      await resident.getByRole("link", { name: "Read and sign: House rules" }).click();
      await expect(resident.getByText(rule)).toBeVisible();
      await axe(resident);
      await resident.getByLabel("Your full name").fill("Ray J");
      await resident.getByRole("button", { name: "Sign version" }).click();
      await expect(resident.getByText("doesn't match the name on your record").first()).toBeVisible();
      await resident.getByLabel("Your full name").fill("raymond  jimenez");
      await resident.getByRole("button", { name: "Sign version" }).click();
      await expect(resident.getByText("Thank you, your signature is saved.")).toBeVisible();
      await expect(resident.getByRole("heading", { name: "Nothing waiting" })).toBeVisible();
      await axe(resident);
      await resident.getByRole("link", { name: "Continue to my home" }).click();
      await expect(resident.getByRole("heading", { level: 1, name: "My home" })).toBeVisible();
      await residentContext.close();

      // 3. The owner sees the signature and opens the signed copy, ready to print.
      await page.goto(page.url().replace(/\/edit$/, ""));
      const signatures = page.getByRole("table", { name: "House rules: signatures" });
      const row = signatures.getByRole("row").filter({ hasText: "Raymond Jimenez" });
      await expect(row).toContainText(/Signed version \d+ on/);
      await axe(page);
      await row.getByRole("link", { name: /Signed copy/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: "House rules" })).toBeVisible();
      await expect(page.getByText(rule)).toBeVisible();
      await expect(page.getByText("raymond jimenez", { exact: true })).toBeVisible();
      await expect(page.getByText(/^[0-9a-f]{64}$/)).toBeVisible();
      await axe(page);
      await page.emulateMedia({ media: "print" });
      await expect(page.getByRole("banner")).toBeHidden();
      await expect(page.getByRole("heading", { level: 1, name: "House rules" })).toBeVisible();
      await expect(page.getByText(rule)).toBeVisible();
      await expect(page.getByText("raymond jimenez", { exact: true })).toBeVisible();
    });
  });
}
