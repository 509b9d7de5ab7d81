import { DEMO, expect, expectAxeClean, test } from "./fixtures";

// The resident's week and the calendar links on a phone, with and without JavaScript: Sam
// sees today first and the coming days, makes his calendar link, subscribes (the feed is
// fetched and is iCalendar), and turns it off; a house manager opens a house's calendar
// tab. Both runs use Sam's one link: one after the other.
test.describe.configure({ mode: "serial" });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const axe = (page: Parameters<typeof expectAxeClean>[0]) => (javaScriptEnabled ? expectAxeClean(page) : expectAxeClean(page, { javaScriptDisabled: true }));
    const fitsWidth = (page: Parameters<typeof expectAxeClean>[0]) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    test(`the resident's week and their calendar link (${javaScriptEnabled ? "JS" : "no JS"})`, async ({ page, signIn }) => {
      await signIn(DEMO.resident);
      await page.goto("/o/riverside/me");
      const week = page.getByRole("region", { name: "This week" });
      await expect(week).toBeVisible();
      const today = week.getByRole("region", { name: /^Today · / });
      await expect(today).toBeVisible();
      await expect(week.getByRole("region", { name: /^Tomorrow · / })).toBeVisible();
      await expect(week.getByText(/^Chore: /).first()).toBeVisible();
      await expect(week.getByText("House meeting").first()).toBeVisible();
      await expect(page.getByText(/Meetings this week:/)).toBeVisible();
      expect(await fitsWidth(page)).toBe(true);
      await axe(page);
      // 200% zoom on this phone: half the CSS width; nothing scrolls sideways.
      await page.setViewportSize({ width: 195, height: 422 });
      expect(await fitsWidth(page)).toBe(true);
      await page.setViewportSize({ width: 390, height: 844 });

      await page.getByRole("link", { name: "Add my week to my phone's calendar" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "My calendar link" })).toBeVisible();
      await axe(page);
      await page.getByRole("button", { name: /^(Make my calendar link|Make a new link)$/ }).click();
      await expect(page.getByText(/Your (new )?calendar link is ready/)).toBeVisible();
      const url = await page.getByLabel("Your calendar link").inputValue();
      expect(url).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/);
      const subscribe = page.getByRole("link", { name: "Subscribe on this device" });
      await expect(subscribe).toHaveAttribute("href", url.replace(/^https?:/, "webcal:"));
      await axe(page);
      // What a calendar app gets from the link (no cookie needed).
      const feed = await page.request.get(new URL(url).pathname, { headers: { cookie: "" } });
      expect(feed.status()).toBe(200);
      expect(feed.headers()["content-type"]).toMatch(/^text\/calendar/);
      const body = await feed.text();
      expect(body).toContain("BEGIN:VCALENDAR");
      expect(body).toMatch(/SUMMARY:Chore: /);
      expect(body).toContain("TZID=America/New_York");
      expect(body).not.toMatch(/Harbor|Larchmont|Sam Taylor/);

      await page.getByRole("button", { name: "Turn off the link" }).click();
      await expect(page.getByText("Your calendar link is turned off.")).toBeVisible();
      expect((await page.request.get(new URL(url).pathname)).status()).toBe(404);
      await axe(page);
    });

    test(`a house manager opens a house's calendar (${javaScriptEnabled ? "JS" : "no JS"})`, async ({ page, signIn }) => {
      await signIn(DEMO.houseManager);
      await page.goto("/o/riverside/houses");
      await page.getByRole("link", { name: "Harbor House" }).first().click();
      await page.getByRole("navigation", { name: "House pages" }).getByRole("link", { name: "Calendar" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "House calendar" })).toBeVisible();
      await expect(page.getByText("House meeting").first()).toBeVisible();
      expect(await fitsWidth(page)).toBe(true);
      await axe(page);
    });
  });
}
