import { config } from "#app/config.server";

/** Absolute links for emails and for pages that show a shareable address, from APP_URL. */
export const appLink = (path: `/${string}`) => `${config().appUrl.origin}${path}`;
export const inviteLink = (token: string) => appLink(`/invite/${token}`);
