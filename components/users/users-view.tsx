"use client";

import { Card } from "@/components/ui/card";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UserTable } from "@/components/users/user-table";

export function UsersView({ currentUser }: { currentUser: string }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-fg-muted">Who may sign in to the console, and with which roles. Disabling a user ends their sessions at once.</p>
      </div>
      <UserTable currentUser={currentUser} />
      <Card>
        <CreateUserForm />
      </Card>
    </div>
  );
}
