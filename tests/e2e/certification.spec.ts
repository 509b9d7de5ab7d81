import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * Certification (ADR 050) on the demo: the owner reads Keystone's certification on a house's
 * Standards tab and follows its public verification link; a referral partner on a 390 px phone
 * checks the page and the printable certificate (no sign-in); Keystone's certifier admin opens
 * the house's certification page on a phone.
 */
async function certifiedHouse(page: import("@playwright/test").Page): Promise<{ houseId: string; verifyHref: string }> {
  await page.goto("/o/riverside/houses");
  const ids = [...new Set([...(await page.content()).matchAll(/\/o\/riverside\/houses\/([0-9a-f-]{36})/g)].map((m) => m[1]!))];
  for (const houseId of ids) {
    await page.goto(`/o/riverside/houses/${houseId}/standards`);
    const link = page.getByRole("link", { name: /^\/verify\// });
    if (await link.count()) return { houseId, verifyHref: (await link.first().getAttribute("href"))! };
  }
  throw new Error("no certified demo house");
}

test("the owner reads the certification and history on the Standards tab", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  const { houseId } = await certifiedHouse(page);
  await page.goto(`/o/riverside/houses/${houseId}/standards`);
  await expect(page.getByRole("heading", { name: "Certification by Keystone Recovery Residence Alliance" })).toBeVisible();
  await expect(page.getByTestId("certification-status")).toHaveText("Certified");
  await expect(page.getByRole("list", { name: "Certification history" }).getByRole("listitem")).toHaveCount(4);
  await expectAxeClean(page);
});

test("a referral partner on a phone checks the public page and the certificate", async ({ browser, page, signIn }) => {
  await signIn(DEMO.owner);
  const { verifyHref } = await certifiedHouse(page);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(verifyHref);
  await expect(phone.getByTestId("public-status")).toHaveText("Certified");
  await expect(phone.getByText("Keystone Recovery Residence Alliance").first()).toBeVisible();
  expect(await phone.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(phone);
  await phone.getByRole("link", { name: "Printable certificate" }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "Certificate of certification" })).toBeVisible();
  expect(await phone.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(phone);
  await context.close();
});

test("the certifier admin opens the house's certification page on a phone", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  const { houseId } = await certifiedHouse(page);
  await signIn(DEMO.certifierAdmin);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/o/keystone/audits/riverside/houses/${houseId}/certification`);
  await expect(page.getByRole("heading", { level: 1, name: /^Certification: / })).toBeVisible();
  await expect(page.getByLabel("Next status")).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);
});
