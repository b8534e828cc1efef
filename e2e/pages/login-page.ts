import type { Page } from "@playwright/test";
import { BasePage } from "./base-page";

export class LoginPage extends BasePage {
  private readonly username = this.page.getByLabel("User name");
  private readonly password = this.page.getByLabel("Password");
  private readonly submit = this.page.getByRole("button", { name: "Sign in" });
  readonly error = this.page.getByText(/Wrong user name or password|Sign-in is unavailable|Too many failed sign-ins/);

  constructor(page: Page) {
    super(page);
  }

  async signIn(username: string, password: string) {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }
}
