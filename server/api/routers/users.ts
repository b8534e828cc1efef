import "server-only";
import { env } from "@/lib/env.js";
import { CreateUserSchema, ResetPasswordSchema, SetDisabledSchema, SetUserRolesSchema } from "@/lib/schemas/auth";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { underKube } from "@/server/kube/client";
import { createUser, listUsers, resetPassword, setDisabled, setUserRoles } from "@/server/services/users";

const kube = () => underKube().gateway;
const ns = () => env.KMETAL_NAMESPACE;

export const usersRouter = createTRPCRouter({
  // users.list – the console's users with roles and state (never a password hash)
  list: adminProcedure.query(() => listUsers(kube(), ns())),
  // users.create – a new user with a password and roles
  create: adminProcedure.input(CreateUserSchema).mutation(({ input }) => createUser(kube(), ns(), input.username, input.password, input.roles)),
  // users.setRoles – change what a user may do
  setRoles: adminProcedure.input(SetUserRolesSchema).mutation(({ input }) => setUserRoles(kube(), ns(), input.username, input.roles)),
  // users.resetPassword – set a new password
  resetPassword: adminProcedure.input(ResetPasswordSchema).mutation(({ input }) => resetPassword(kube(), ns(), input.username, input.password)),
  // users.setDisabled – disable (ending every session of the user at once) or enable a user
  setDisabled: adminProcedure.input(SetDisabledSchema).mutation(({ input }) => setDisabled(kube(), ns(), input.username, input.disabled)),
});
