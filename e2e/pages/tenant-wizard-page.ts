import type { Page } from "@playwright/test";
import { BasePage } from "./base-page";

/** The tenant wizard, one method per step. */
export class TenantWizardPage extends BasePage {
  private readonly next = this.page.getByRole("button", { name: "Next" });

  constructor(page: Page) {
    super(page);
  }

  async open() {
    await this.page.goto("/tenants/new");
  }
  async fillIdentity(name: string, owners = "") {
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    if (owners) await this.page.getByLabel(/Owners/).fill(owners);
    await this.next.click();
  }
  /** With a single allowed version there is no version step (the version is shown on the first one). */
  async chooseVersion() {
    const version = this.page.getByRole("heading", { name: "Kubernetes version" });
    await version.or(this.page.getByRole("heading", { name: "Network" })).first().waitFor();
    if (await version.isVisible()) await this.next.click();
  }
  async fillNetwork(cidr: string) {
    await this.page.getByLabel(/^CIDR/).fill(cidr);
    await this.next.click();
  }
  async fillPool(replicas: number) {
    await this.page.getByLabel("Workers", { exact: true }).fill(String(replicas));
    await this.next.click();
  }
  async acceptQuota() {
    await this.next.click();
  }
  async acceptAddons() {
    await this.next.click();
  }
  /** Goes back to an earlier step through the step list. */
  async goToStep(title: string) {
    await this.page.getByRole("navigation", { name: "Steps" }).getByRole("button", { name: title }).click();
  }
  async cancel() {
    await this.page.getByRole("button", { name: "Cancel" }).click();
  }
  async submit() {
    await this.page.getByRole("button", { name: "Create tenant" }).click();
  }
}
