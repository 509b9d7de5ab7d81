import { DEMO, DEMO_PASSWORD, expect, expectAxeClean, failedLoad, test } from "./fixtures";

test.describe("signing in and out", () => {
  // The one test that signs in through the UI; the others use the signIn fixture.
  test("from the landing page, through the login form, into the org and back out", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("recovery residences");
    await expectAxeClean(page);

    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { name: "Sign in to Hearth" })).toBeVisible();
    await expectAxeClean(page);

    await page.getByLabel("Email").fill(DEMO.owner);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/o\/riverside$/);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByText("Dana Whitfield · Owner").first()).toBeVisible();
    await expectAxeClean(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { name: "Sign in to Hearth" })).toBeVisible();

    // The session is gone on the server, not just hidden: protected pages send us to sign in.
    await page.goto("/o/riverside");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fo%2Friverside$/);
    await expect(page.getByRole("heading", { name: "Sign in to Hearth" })).toBeVisible();
  });

  test("a wrong password shows an error and keeps the user signed out", async ({ page, consoleErrors }) => {
    consoleErrors.allow(failedLoad(400)); // the form's fetch answers 400
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO.owner);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account.");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByLabel("Email")).toHaveValue(DEMO.owner);
    await expectAxeClean(page);

    await page.goto("/o/riverside");
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
  });
});
