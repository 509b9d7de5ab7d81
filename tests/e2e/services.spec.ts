import type { Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * The services directory on a 390 px phone (issue 12, capability 1 and the resident's side):
 * a resident searches and filters Riverside's demo directory (~60 entries in Philadelphia) and
 * opens an entry; a house manager sees an entry not verified for 12 months flagged, and
 * "Mark verified today" clears the flag.
 */
test.use({ viewport: { width: 390, height: 844 } });

const results = (page: Page) => page.getByRole("list", { name: "Services found" }).getByRole("listitem");
/** Every listed entry shows `text`. Retries until the list is re-rendered: the URL changes before
 * React commits the new list (v7_startTransition), so a count read on the URL alone can be stale. */
const allShow = (page: Page, text: string) => expect(results(page).filter({ hasNotText: text })).toHaveCount(0);
const noOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

test("a resident searches the directory, narrows it with each filter and opens an entry", async ({ page, signIn }) => {
  await signIn(DEMO.resident);
  await page.goto("/o/riverside/services");
  const all = await results(page).count();
  expect(all).toBeGreaterThan(20);
  expect(await noOverflow(page)).toBe(true);
  await expectAxeClean(page);

  // "job training" lists the employment and job-training services first.
  await page.getByLabel("What do you need?").fill("job training");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=job\+training/);
  const found = results(page);
  expect(await found.count()).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < 3; i++) await expect(found.nth(i)).toContainText("Employment and job training");
  expect(await noOverflow(page)).toBe(true);
  await expectAxeClean(page);

  // Each filter narrows the whole directory.
  await page.goto("/o/riverside/services");
  await page.getByLabel("Category").selectOption({ label: "Food" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/category=food/);
  await allShow(page, "Food");
  const food = await results(page).count();
  expect(food).toBeGreaterThan(0);
  expect(food).toBeLessThan(all);
  for (const item of await results(page).all()) await expect(item).toContainText("Food");

  await page.goto("/o/riverside/services");
  expect(await results(page).filter({ hasNotText: "Chinese" }).count(), "the unfiltered page has entries without Chinese").toBeGreaterThan(0);
  await page.getByLabel("Language").selectOption({ label: "Chinese" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/language=zh/);
  await allShow(page, "Chinese");
  expect(await results(page).count()).toBeGreaterThan(0);
  for (const item of await results(page).all()) await expect(item).toContainText("Chinese");

  await page.goto("/o/riverside/services");
  await page.getByLabel("City or ZIP").fill("Chicago");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Nothing matches that search")).toBeVisible();
  await page.getByLabel("City or ZIP").fill("Philadelphia");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/place=Philadelphia/);
  await allShow(page, "Philadelphia");
  expect(await results(page).count()).toBeGreaterThan(0);
  await page.goto("/o/riverside/services?place=19100");
  const zip = await results(page).count();
  expect(zip).toBeGreaterThan(0);
  expect(zip).toBeLessThan(all);

  await page.goto("/o/riverside/services");
  await page.getByLabel("Open now").check();
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/open=now/);
  await allShow(page, "Open now");
  expect(await results(page).count()).toBeLessThanOrEqual(all);
  for (const item of await results(page).all()) await expect(item).toContainText("Open now");

  // An entry's page: details, phones as tel: links, hours, languages, last verified.
  await page.goto("/o/riverside/services?q=job+training");
  await results(page).first().getByRole("heading", { level: 2 }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Call / }).first()).toHaveAttribute("href", /^tel:\+?[0-9]{7,}$/);
  await expect(page.getByRole("heading", { name: "Opening hours" })).toBeVisible();
  await expect(page.getByText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*: \d\d:\d\d–\d\d:\d\d$/).first()).toBeVisible();
  await expect(page.getByText("Languages", { exact: true })).toBeVisible();
  await expect(page.getByText(/Last verified: /)).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark verified today" })).toHaveCount(0);
  expect(await noOverflow(page)).toBe(true);
  await expectAxeClean(page);
});

test("a house manager sees an entry not verified for 12 months flagged; marking it verified clears the flag", async ({ page, signIn }) => {
  await signIn(DEMO.houseManager);
  await page.goto("/o/riverside/services");
  const flagged = results(page).filter({ hasText: "Not verified in 12 months" });
  const before = await flagged.count();
  expect(before).toBeGreaterThan(0);
  expect(await noOverflow(page)).toBe(true);
  const item = flagged.first();
  const name = (await item.getByRole("heading", { level: 2 }).textContent())!.trim();
  await item.getByRole("heading", { level: 2 }).getByRole("link").click();
  await expect(page.getByText(/Not verified in the last 12 months/)).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Mark verified today" }).click();
  await expect(page.getByText("Marked verified today.")).toBeVisible();
  await expect(page.getByText(/Not verified in the last 12 months/)).toHaveCount(0);
  await page.goto("/o/riverside/services");
  await expect(results(page).filter({ hasText: name }).first()).not.toContainText("Not verified in 12 months");
  await expect(flagged).toHaveCount(before - 1);
});
