import type { Page } from "@playwright/test";
import { BasePage } from "./base-page";

export class UnderClusterPage extends BasePage {
  readonly heading = this.page.getByRole("heading", { name: "Under cluster" });
  readonly version = this.page.getByTestId("server-version");
  readonly connection = this.page.getByTestId("connection-state");
  readonly crdTable = this.page.getByRole("table", { name: /Custom resource definitions/ });

  constructor(page: Page) {
    super(page);
  }

  async open() {
    await this.page.goto("/under-cluster");
  }
}
