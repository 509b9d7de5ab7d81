import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "#app/auth/login.server";
import { blankSessionCookie, readSessionToken } from "#app/auth/session.server";
import { requestMeta } from "#app/lib/http.server";

export async function loader() {
  return redirect("/");
}

/** Ends the session on the server (not just the cookie) and clears browser state. */
export async function action({ request }: ActionFunctionArgs) {
  const token = readSessionToken(request);
  if (token) await logout(token, requestMeta(request));
  const headers = new Headers();
  headers.append("Set-Cookie", blankSessionCookie());
  headers.set("Clear-Site-Data", '"cache", "cookies", "storage"');
  return redirect("/login", { headers });
}
