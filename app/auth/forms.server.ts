import { z } from "zod";
import { optionalPhone, plain } from "#app/lib/fields";
import { CURRENCIES, isValidTimeZone } from "#app/lib/zones";
import { SESSION_HANDLE_PATTERN } from "./account.server";
import { PASSWORD_MAX, passwordProblem } from "./password-policy";

/**
 * The auth pages' form schemas. They live on the server (ADR 029): the pages check their
 * forms in the action only and get their HTML constraints from the loader
 * (`formConstraint`), so the first pages a person loads ship no zod.
 */

export const ForgotPasswordInput = z
  .object({
    email: z.string({ error: "Enter your email address." }).trim().max(254, "Use at most 254 characters.").email("Enter a valid email address."),
  })
  .strict();

export const ResetPasswordInput = z
  .object({
    token: z.string({ error: "This reset link is incomplete." }).max(100),
    password: z.string({ error: "Choose a new password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export const TwoFactorLoginInput = z
  .object({
    code: z.string({ error: "Enter the code from your app, or a recovery code." }).trim().min(6, "Enter the code from your app, or a recovery code.").max(20),
    redirectTo: z.string().max(500).optional(),
    remember: z.enum(["1"]).optional(),
  })
  .strict();

export const SignupInput = z
  .object({
    name: plain(z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120)),
    email: z.string({ error: "Enter your email address." }).trim().max(254).email("Enter a valid email address."),
    password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
    orgName: plain(z.string({ error: "Enter your organisation's name." }).trim().min(2, "Enter your organisation's name.").max(120)),
    timeZone: z.string({ error: "Choose a time zone." }).refine(isValidTimeZone, "Choose a valid time zone."),
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, { email: v.email, name: v.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export const TwoFactorSetupInput = z
  .object({
    intent: z.enum(["enable", "disable"]),
    code: z.string({ error: "Enter the code from your app." }).trim().min(6, "Enter the code from your app.").max(20),
  })
  .strict();

// The account page's forms.
export const AccountNameInput = z
  .object({
    intent: z.literal("name"),
    name: plain(z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120, "Use at most 120 characters.")),
    phone: optionalPhone,
  })
  .strict();
export const AccountPasswordInput = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "Enter your current password." }).max(PASSWORD_MAX, "That isn't your current password."),
    newPassword: z.string({ error: "Choose a new password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.newPassword);
    if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
  });
export const RevokeSessionInput = z.object({ intent: z.literal("revoke-session"), session: z.string().regex(SESSION_HANDLE_PATTERN) }).strict();
export const RevokeOtherSessionsInput = z.object({ intent: z.literal("revoke-others") }).strict();

// The invitation page's forms.
export const InviteNewAccountInput = z
  .object({
    intent: z.literal("create-account"),
    name: plain(z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120, "Use at most 120 characters.")),
    password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, { name: v.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export const InviteAcceptInput = z.object({ intent: z.literal("accept") }).strict();
