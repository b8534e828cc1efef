import type { Page } from "@playwright/test";
import { BasePage } from "./base-page";

/** The Users page: the user table with per-user actions, and the New user form. */
export class UsersPage extends BasePage {
  readonly heading = this.page.getByRole("heading", { name: "Users", exact: true });
  readonly table = this.page.getByRole("table", { name: "Users" });
  private readonly form = this.page.getByRole("form", { name: "New user" });
  readonly newUsername = this.form.getByLabel("User name", { exact: true });
  readonly newPassword = this.form.getByLabel("Password", { exact: true });
  private readonly create = this.form.getByRole("button", { name: "Create user" });

  constructor(page: Page) {
    super(page);
  }

  async open() {
    await this.page.goto("/users");
  }
  async fillNewUser(username: string, password: string, roles: string[]) {
    await this.newUsername.fill(username);
    await this.newPassword.fill(password);
    for (const role of roles) await this.form.getByLabel(role, { exact: true }).check();
  }
  async submitNewUser() {
    await this.create.click();
  }
  row(username: string) {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: username, exact: true }) });
  }
  /** The inline dialog of one action, found by its title. */
  panel(title: string) {
    return this.page.getByRole("dialog", { name: title });
  }
  async openAction(username: string, action: "Change roles of" | "Reset password of" | "Disable" | "Enable") {
    await this.row(username).getByRole("button", { name: `${action} ${username}` }).click();
  }
  async changeRoles(username: string, set: Record<string, boolean>) {
    await this.openAction(username, "Change roles of");
    const panel = this.panel(`Change roles of ${username}`);
    for (const [role, on] of Object.entries(set)) await panel.getByLabel(role, { exact: true }).setChecked(on);
    await panel.getByRole("button", { name: "Save roles" }).click();
  }
  async resetPassword(username: string, password: string) {
    const panel = this.panel(`Reset the password of ${username}`);
    if (!(await panel.isVisible())) await this.openAction(username, "Reset password of");
    await panel.getByLabel(`New password for ${username}`).fill(password);
    await panel.getByRole("button", { name: "Reset password" }).click();
  }
}
