import { z } from "zod";
import { OIDC_NAME_MAX, OIDC_USER_PREFIX, oidcClaimRefusal } from "@/lib/authz/oidc-name";

export const Username = z
  .string()
  .trim()
  .min(1, "Enter your user name")
  .max(63, "At most 63 characters")
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "Lower-case letters, digits, '-' and '.' only");

/** The login form and the credentials provider validate with this one schema. */
export const LoginSchema = z.object({
  username: Username,
  password: z.string().min(1, "Enter your password").max(256),
});
export type LoginInput = z.infer<typeof LoginSchema>;

export const Role = z.enum(["platform-admin", "platform-viewer", "tenant-admin", "tenant-viewer"]);
export type Role = z.infer<typeof Role>;

/** The user form and the users.* procedures share these. */
export const Password = z.string().min(12, "At least 12 characters").max(256);
export const CreateUserSchema = z.object({ username: Username, password: Password, roles: z.array(Role).min(1, "Choose at least one role") });
export const SetUserRolesSchema = z.object({ username: Username, roles: z.array(Role).min(1, "Choose at least one role") });
export const ResetPasswordSchema = z.object({ username: Username, password: Password });

/**
 * A single sign-on user's console name, "oidc:" plus the claim, valid as lib/authz/oidc.ts accepts it at
 * sign-in: at most OIDC_NAME_MAX printable ASCII characters after the prefix, never a system: name. Spaces
 * around it are dropped (no valid name contains one).
 */
export const SsoUserName = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const message = ssoNameProblem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });
function ssoNameProblem(value: string): string | undefined {
  if (!value) return `Enter the single sign-on user's name, e.g. ${OIDC_USER_PREFIX}alice@example.com`;
  if (!value.startsWith(OIDC_USER_PREFIX)) return `Single sign-on names start with "${OIDC_USER_PREFIX}", e.g. ${OIDC_USER_PREFIX}alice@example.com`;
  const claim = value.slice(OIDC_USER_PREFIX.length);
  if (!claim) return `Enter the name after "${OIDC_USER_PREFIX}"`;
  switch (oidcClaimRefusal(claim)) {
    case "oidc-no-name": return "system: names belong to Kubernetes; no single sign-on user has one";
    case "oidc-bad-name": return `At most ${OIDC_NAME_MAX} characters after "${OIDC_USER_PREFIX}", all printable ASCII (no spaces or accented letters)`;
    default: return undefined;
  }
}

/** A password user's name or a single sign-on user's "oidc:" name, with the messages of the one it looks like. */
export const AnyUserName = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = (value.startsWith(OIDC_USER_PREFIX) ? SsoUserName : Username).safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
  });
export const SetDisabledSchema = z.object({ username: AnyUserName, disabled: z.boolean() });
/** The form "Disable a single sign-on user"; it sends users.setDisabled. */
export const DisableSsoUserSchema = z.object({ username: SsoUserName });

/** What a sign-in form shows after an attempt: the form and its server action share it. */
export interface LoginState {
  error?: string;
  fieldErrors?: { username?: string[]; password?: string[] };
  username?: string;
}
