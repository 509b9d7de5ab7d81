import { expect, expectAxeClean, test } from "./fixtures";

/**
 * Resident evidence for a certifier (ADR 054), in the demo: Keystone's auditor opens Riverside's
 * self-assessment under review and sees the evidence shared under a resident's consent, and a
 * line for the evidence that is not shared; the page is axe-clean on a phone.
 */
test("the certifier sees consented resident evidence and a line for what is not shared", async ({ page, signIn }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn("sofia.auditor@demo.hearth.test");
  await page.goto("/o/keystone/audits/riverside");
  const hrefs = await page.locator('a[href*="/audits/riverside/assessments/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  let found = false;
  for (const href of hrefs) {
    await page.goto(href);
    found = (await page.getByText("Evidence about a resident — not shared").count()) > 0;
    if (found) break;
  }
  expect(found).toBe(true);
  await expect(page.getByText("about a resident, shared with their consent")).toBeVisible();
  await expectAxeClean(page);
});
