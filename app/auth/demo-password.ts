/**
 * The published password of the demo accounts (printed at start and in the README).
 * Here, not in db/seed/, so the password policy can refuse it without pulling the demo
 * seed (and its devDependency faker) into the server bundle.
 */
export const DEMO_PASSWORD = "hearth-demo-2026";
