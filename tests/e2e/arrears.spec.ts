import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

/**
 * The owner opens the money overview and the arrears report on a desktop; the house manager
 * opens their houses' arrears on a 390 px phone and follows a resident to their fees page.
 */
test("the owner sees the money overview and arrears; every bucket has someone in the demo", async ({ page, signIn }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(DEMO.owner);
  await page.goto("/o/riverside");
  await page.getByRole("link", { name: "Money", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Money" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Money per house/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Revenue and collections by month/ })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("link", { name: "See arrears by resident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Arrears" })).toBeVisible();
  const owing = page.getByRole("list", { name: "Residents who owe" });
  await expect(owing.getByRole("listitem").first()).toBeVisible();
  await expectAxeClean(page);
});

test("a house manager on a phone sees their houses' arrears and opens a resident's fees", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await signInAs(context, baseURL!, DEMO.houseManager);
  const page = await context.newPage();
  await page.goto("/o/riverside/money/arrears");
  await expect(page.getByRole("heading", { level: 1, name: "Arrears" })).toBeVisible();
  const houses = page.getByRole("table", { name: /Owed per house/ });
  await expect(houses).toBeVisible();
  const shown = await houses.getByRole("rowheader").allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  for (const name of shown) expect(["Harbor House", "Summit House"]).toContain(name);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);
  const first = page.getByRole("list", { name: "Residents who owe" }).getByRole("listitem").first();
  await first.getByRole("link").click();
  await expect(page).toHaveURL(/\/houses\/[0-9a-f-]+\/fees\/[0-9a-f-]+$/);
  await context.close();
});
