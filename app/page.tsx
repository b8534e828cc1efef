import { redirect } from "next/navigation";
import { auth } from "@/server/auth";

export default async function Home() {
  if (!(await auth())) redirect("/login");
  redirect("/tenants");
}
