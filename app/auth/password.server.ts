import { hash, type Algorithm, type Version } from "@node-rs/argon2";
import { PASSWORD_MAX } from "./password-policy";

export { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "./password-policy";

/**
 * Passwords seen in breaches: the ~49,000 most common ones from public breach corpora,
 * shipped offline in @zxcvbn-ts/language-common (a maintained package; no network).
 * Loaded once, on the server only (the forms' client bundle keeps the short list).
 */
let breached: Promise<Set<string>> | undefined;
async function breachedPasswords(): Promise<Set<string>> {
  breached ??= import("@zxcvbn-ts/language-common").then(async ({ dictionary }) => {
    const list = (dictionary as unknown as Record<string, string[] | (() => Promise<string[] | { default: string[] }>)>)["passwords-common"];
    const words = typeof list === "function" ? await list() : list;
    return new Set((Array.isArray(words) ? words : words?.default ?? []).map((w) => w.toLowerCase()));
  });
  return breached;
}

/** The server-side password rules on top of passwordProblem: the breached-password list. */
export async function breachedPasswordProblem(password: string): Promise<string | null> {
  if ((await breachedPasswords()).has(password.toLowerCase())) {
    return "That password appears in lists of leaked passwords. Choose another one.";
  }
  return null;
}

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
const PHC_PARAMS = `m=${PARAMS.memoryCost},t=${PARAMS.timeCost},p=${PARAMS.parallelism}`;

/** Each hash holds ~19 MiB; bound how many run at once so a login burst cannot exhaust memory. */
const MAX_CONCURRENT = 4;
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, PARAMS));
}

const ALGORITHMS: Record<string, Algorithm> = { argon2d: 0 as Algorithm, argon2i: 1 as Algorithm, argon2id: 2 as Algorithm };

/**
 * The hash of `password` under stored parameters (a PHC string without its hash part:
 * `$argon2id$v=19$m=…,t=…,p=…$salt`, from readPasswordParams): the database compares it
 * with the stored hash, which never leaves the database. With no parameters (unknown email,
 * no password) a random salt is used, so the work is the same and nothing can match.
 * `needsRehash`: the stored parameters are not today's.
 */
export async function passwordCandidate(
  stored: { params: string; hashLength: number } | null,
  password: string,
): Promise<{ candidate: string | null; needsRehash: boolean }> {
  const parsed = stored ? parsePhc(stored.params) : null;
  if (!parsed || password.length > PASSWORD_MAX) {
    await limited(() => hash(password.slice(0, PASSWORD_MAX), PARAMS));
    return { candidate: null, needsRehash: false };
  }
  const outputLen = Math.floor((stored!.hashLength * 3) / 4);
  const candidate = await limited(() => hash(password, { ...parsed, outputLen }));
  return { candidate, needsRehash: !stored!.params.includes(PHC_PARAMS) };
}

function parsePhc(params: string) {
  const m = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)$/.exec(params);
  if (!m) return null;
  return {
    algorithm: ALGORITHMS[m[1]!]!,
    version: (m[2] === "16" ? 0 : 1) as Version,
    memoryCost: Number(m[3]),
    timeCost: Number(m[4]),
    parallelism: Number(m[5]),
    salt: Buffer.from(m[6]!, "base64"),
  };
}
