"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { DisableUser } from "@/components/users/disable-user";
import { firstErrors } from "@/components/users/field-errors";
import { DisableSsoUserSchema } from "@/lib/schemas/auth";

const FIELD = "sso-user-name";
const OPENER = "sso-user-disable-opener";

/**
 * Single sign-on users have no record until one is disabled, so they are named here: the name is checked
 * with the shared schema users.setDisabled uses, then the usual confirmation opens under the form.
 */
export function DisableSsoUserForm({ currentUser, disabledNames }: { currentUser: string; disabledNames: ReadonlySet<string> }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const refuse = (message: string) => {
    setError(message);
    document.getElementById(FIELD)?.focus();
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = DisableSsoUserSchema.safeParse({ username: name });
    if (!parsed.success) return refuse(firstErrors(parsed.error).username ?? "Enter a single sign-on name");
    const username = parsed.data.username;
    if (username === currentUser) return refuse("You cannot disable yourself.");
    if (disabledNames.has(username)) return refuse(`${username} is disabled already; enable them in the table above.`);
    setError(undefined);
    setConfirming(username);
  };
  return (
    <div className="space-y-3">
      <form aria-labelledby="sso-user-title" className="space-y-3" noValidate onSubmit={submit}>
        <h2 id="sso-user-title" className="text-lg font-semibold">Disable a single sign-on user</h2>
        <p className="text-sm text-fg-muted">
          Single sign-on users appear in the table once disabled. Disabling one ends their sessions at once and
          refuses their sign-ins until you enable them again.
        </p>
        <div className="flex flex-wrap items-start gap-2">
          <TextField id={FIELD} label="Single sign-on name" className="w-full max-w-md" autoComplete="off" spellCheck={false}
            hint="As the console shows it, e.g. oidc:alice@example.com"
            value={name} error={error} onChange={(e) => { setName(e.target.value); setError(undefined); setConfirming(undefined); }} />
          <Button id={OPENER} type="submit" variant="secondary" className="mt-6" aria-expanded={!!confirming} aria-controls={confirming ? "sso-user-disable" : undefined}>
            Disable…
          </Button>
        </div>
      </form>
      {confirming && (
        <DisableUser id="sso-user-disable" openerId={OPENER} username={confirming} sso
          onClose={() => setConfirming(undefined)} onDisabled={() => setName("")} />
      )}
    </div>
  );
}
