import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

// The manager's today on a phone (issue 10, capability 5): the demo house manager lands on
// it, sees each of their houses (Harbor and Summit, from the demo seed) with today's
// chores, sessions, meeting target, documents to sign and coming moves, and goes on to take
// attendance. It reads the same with JavaScript off.

test.use({ viewport: { width: 390, height: 844 } });

test("the house manager lands on today and goes on to take attendance", async ({ page, signIn }) => {
  await signIn(DEMO.houseManager);
  await page.goto("/");
  await expect(page).toHaveURL(/\/o\/riverside\/today$/);
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  for (const house of ["Harbor House", "Summit House"]) {
    const section = page.getByRole("region", { name: house });
    await expect(section).toBeVisible();
    for (const part of ["Chores", "Sessions today", "Meetings this week", "Documents to sign"]) {
      await expect(section.getByRole("heading", { level: 3, name: part })).toBeVisible();
    }
  }
  await expect(page.getByRole("region", { name: "Willow House" })).toHaveCount(0);
  const harbor = page.getByRole("region", { name: "Harbor House" });
  await expect(harbor.getByText("Missed").first()).toBeVisible();
  // A chore done and waiting to be checked: today's, or — when the house's midnight has passed
  // since the server seeded the demo world — yesterday's, which still waits.
  const waitingToday = harbor.getByText(/^Today: \d+ verified · [1-9]\d* done, waiting to be checked/);
  const waitingSinceYesterday = harbor.getByRole("listitem").filter({ hasText: /Done, waiting to be checked \(yesterday\)/ });
  await expect(waitingToday.or(waitingSinceYesterday).first()).toBeVisible();
  await expect(page.getByText(/Moves (in|out)/).first()).toBeVisible();
  // Phone-first: nothing wider than the screen.
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);

  await harbor.getByRole("link", { name: /^Take attendance/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Attendance: / })).toBeVisible();
  await expectAxeClean(page);
});

test("today works without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    await signInAs(context, baseURL!, DEMO.staff);
    const page = await context.newPage();
    const res = await page.goto("/o/riverside");
    expect(res?.status()).toBe(200);
    await expect(page).toHaveURL(/\/o\/riverside\/today$/);
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "Sessions today" }).first()).toBeVisible();
    await expectAxeClean(page, { javaScriptDisabled: true });
  } finally {
    await context.close();
  }
});
