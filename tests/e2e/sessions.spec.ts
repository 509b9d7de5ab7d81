import type { Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * A house manager on a phone adds a daily house meeting and takes today's attendance:
 * one tap per resident, each saved at once — with JavaScript (a fetcher per row) and
 * without (plain forms). Titles are unique to the run: specs share one demo server.
 */
test.use({ viewport: { width: 390, height: 844 } });

async function addDailyMeeting(page: Page, house: string, title: string, opts: { javaScriptDisabled?: boolean } = {}) {
  await page.goto("/o/riverside/houses");
  await page.getByRole("link", { name: house, exact: true }).click();
  await page.getByRole("navigation", { name: "House pages" }).getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sessions and meetings" })).toBeVisible();
  await expectAxeClean(page, opts);
  await page.getByRole("link", { name: "Add a session" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Repeats").selectOption("daily");
  await page.getByLabel("Starts at").fill("07:00");
  await page.getByLabel("Ends at").fill("07:30");
  await page.getByLabel("Place (optional)").fill("Living room");
  await expectAxeClean(page, opts);
  await page.getByRole("button", { name: "Add session" }).click();
  await expect(page.getByText("Session added.")).toBeVisible();
  await page.getByRole("link", { name: new RegExp(`^Take attendance for ${title}`) }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: `Attendance: ${title}` })).toBeVisible();
}

test("attendance for a house meeting, one tap per resident, saved on each row", async ({ page, signIn }) => {
  const title = `House meeting ${Date.now().toString(36)}`;
  await signIn(DEMO.houseManager);
  await addDailyMeeting(page, "Harbor House", title);
  const rows = page.getByRole("list", { name: "Attendance" }).getByRole("listitem");
  expect(await rows.count()).toBeGreaterThan(1);
  const first = rows.nth(0);
  const second = rows.nth(1);
  await first.getByRole("button", { name: /^Present/ }).click();
  await expect(first.getByRole("status")).toHaveText("Saved: Present");
  await expect(first.getByRole("button", { name: /^Present/ })).toHaveAttribute("aria-pressed", "true");
  await second.getByRole("button", { name: /^Excused/ }).click();
  await expect(second.getByRole("status")).toHaveText("Saved: Excused");
  // A second tap changes the answer.
  await first.getByRole("button", { name: /^Absent/ }).click();
  await expect(first.getByRole("status")).toHaveText("Saved: Absent");
  await expect(first.getByRole("button", { name: /^Present/ })).toHaveAttribute("aria-pressed", "false");
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);
  // What was saved is what the page shows after a reload.
  await page.reload();
  await expect(rows.nth(0).getByRole("status")).toHaveText("Recorded: Absent");
  await expect(rows.nth(1).getByRole("status")).toHaveText("Recorded: Excused");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("attendance for a house meeting works as plain forms", async ({ page, signIn }) => {
    const title = `House meeting ${Date.now().toString(36)}n`;
    await signIn(DEMO.houseManager);
    await addDailyMeeting(page, "Summit House", title, { javaScriptDisabled: true });
    const first = page.getByRole("list", { name: "Attendance" }).getByRole("listitem").nth(0);
    await first.getByRole("button", { name: /^Present/ }).click();
    await expect(page.getByText("Present saved.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Attendance" }).getByRole("listitem").nth(0).getByRole("status")).toHaveText("Recorded: Present");
    await expect(page.getByRole("list", { name: "Attendance" }).getByRole("listitem").nth(0).getByRole("button", { name: /^Present/ })).toHaveAttribute("aria-pressed", "true");
    await expectAxeClean(page, { javaScriptDisabled: true });
  });
});

test("a resident logs a meeting and sees their sessions", async ({ page, signIn }) => {
  const place = `Library ${Date.now().toString(36)}`;
  await signIn(DEMO.resident);
  await page.goto("/o/riverside/me");
  await page.getByRole("link", { name: "My meetings and sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My meetings" })).toBeVisible();
  await page.getByLabel("Fellowship").selectOption("smart");
  await page.getByLabel("Meeting name or place").fill(place);
  await page.getByRole("button", { name: "Log meeting" }).click();
  await expect(page.getByText("Meeting logged.")).toBeVisible();
  await expect(page.getByText(place)).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);
});
