import { DEMO, DEMO_PASSWORD, expect, expectAxeClean, failedLoad, test } from "./fixtures";

// Progressive enhancement: the forms are plain HTML forms that work with JavaScript off.
test.use({ javaScriptEnabled: false });

test("signing in and out works without JavaScript", async ({ page, consoleErrors }) => {
  consoleErrors.allow(failedLoad(400)); // the re-rendered form after a wrong password
  await page.goto("/login");
  await expectAxeClean(page, { javaScriptDisabled: true });

  await page.getByLabel("Email").fill(DEMO.owner);
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account.");
  // The server re-rendered the form: the email is kept, the password never sent back.
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.owner);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectAxeClean(page, { javaScriptDisabled: true });

  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/o\/riverside$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expectAxeClean(page, { javaScriptDisabled: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/o/riverside");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});
