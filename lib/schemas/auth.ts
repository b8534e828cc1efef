import { z } from "zod";

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
export const SetDisabledSchema = z.object({ username: Username, disabled: z.boolean() });
