import "server-only";
import { env } from "@/lib/env.js";
import { CreateUserSchema, ResetPasswordSchema, SetDisabledSchema, SetUserRolesSchema } from "@/lib/schemas/auth";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { createUser, listUsers, resetPassword, setDisabled, setUserRoles } from "@/server/services/users";

const ns = () => env.KMETAL_NAMESPACE;

export const usersRouter = createTRPCRouter({
  // users.list – the console's users with roles and state (never a password hash); single sign-on users that
  // have a record (source "oidc") come without roles, which their identity provider decides
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.console, ns())),
  // users.create – a new user with a password and roles
  create: adminProcedure.input(CreateUserSchema).mutation(({ ctx, input }) => createUser(ctx.kube, ns(), input.username, input.password, input.roles)),
  // users.setRoles – change what a user may do
  setRoles: adminProcedure.input(SetUserRolesSchema).mutation(({ ctx, input }) => setUserRoles(ctx.kube, ns(), input.username, input.roles)),
  // users.resetPassword – set a new password
  resetPassword: adminProcedure.input(ResetPasswordSchema).mutation(({ ctx, input }) => resetPassword(ctx.kube, ns(), input.username, input.password)),
  // users.setDisabled – disable (ending every session of the user at once) or enable a user: a password user,
  // or a single sign-on user by their "oidc:" name, whose record the first disable creates
  setDisabled: adminProcedure.input(SetDisabledSchema).mutation(({ ctx, input }) => setDisabled(ctx.kube, ns(), input.username, input.disabled)),
});
