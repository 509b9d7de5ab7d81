import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * Public bed vacancies (ADR 042): a case manager on a 390 px phone reads Riverside's open beds
 * (no sign-in) and follows the application link; the owner opens a house's listing settings.
 */
test("a case manager on a phone reads the open beds and finds the application link", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto("/vacancies/riverside");
  await expect(page.getByRole("heading", { level: 1, name: /Open beds at Riverside/ })).toBeVisible();
  const houses = page.getByRole("list", { name: "Houses" }).getByRole("listitem");
  await expect(houses).toHaveCount(2);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);
  await houses.first().getByRole("link", { name: /Apply to/ }).click();
  await expect(page).toHaveURL(/\/apply\/riverside$/);
  await context.close();
});

test("the owner opens a house's vacancy listing from its edit page", async ({ page, signIn }) => {
  await signIn(DEMO.owner);
  await page.goto("/o/riverside/houses");
  const houseId = /\/houses\/([0-9a-f-]{36})/.exec(await page.content())?.[1];
  expect(houseId).toBeTruthy();
  await page.goto(`/o/riverside/houses/${houseId}/edit`);
  await page.getByRole("link", { name: "Publish open beds for this house" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Vacancy listing/ })).toBeVisible();
  await expectAxeClean(page);
});
