import { describe, expect, it } from "vitest";
import { suggestFreeCidr } from "./suggest-cidr";

describe("suggestFreeCidr", () => {
  it("offers the first /24 of 172.16/12 when nothing is taken", () => {
    expect(suggestFreeCidr([])).toBe("172.16.0.0/24");
  });
  it("skips taken networks of any size, and the platform's own", () => {
    expect(suggestFreeCidr(["172.16.0.0/24", "172.16.1.0/25", "172.16.2.0/23"])).toBe("172.16.4.0/24");
    expect(suggestFreeCidr(["172.16.0.0/12"])).toBe("10.0.0.0/24");
    expect(suggestFreeCidr(["172.16.0.0/12", "10.0.0.0/8"], 25)).toBe("192.168.0.0/25");
  });
  it("ignores entries that are not CIDRs and says so when everything is taken", () => {
    expect(suggestFreeCidr(["garbage", "172.16.0.0/24"])).toBe("172.16.1.0/24");
    expect(suggestFreeCidr(["0.0.0.0/0"])).toBeUndefined();
  });
});
