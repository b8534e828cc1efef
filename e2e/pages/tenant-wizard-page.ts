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
  async chooseVersion() {
    await this.next.click();
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
  async submit() {
    await this.page.getByRole("button", { name: "Create tenant" }).click();
  }
}
