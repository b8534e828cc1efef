import type { Page } from "@playwright/test";
import { BasePage } from "./base-page";

export class LoginPage extends BasePage {
  private readonly username = this.page.getByLabel("User name");
  private readonly password = this.page.getByLabel("Password");
  // Exact: "Sign in with <single sign-on>" stands next to it.
  private readonly submit = this.page.getByRole("button", { name: "Sign in", exact: true });
  private readonly singleSignOnButton = (name: string) => this.page.getByRole("button", { name: `Sign in with ${name}` });
  readonly error = this.page.getByText(/Wrong user name or password|Sign-in is unavailable|Too many failed sign-ins/);

  constructor(page: Page) {
    super(page);
  }

  /** Starts a single sign-on; the browser goes on to the identity provider. */
  async signInWith(name: string) {
    await this.singleSignOnButton(name).click();
  }

  async signIn(username: string, password: string) {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }
}
