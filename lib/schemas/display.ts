import { z } from "zod";

/** The display form and displays.create share this. */
export const CreateDisplaySchema = z.object({
  name: z.string().trim().min(1, "Name the display, e.g. the room it hangs in").max(60, "At most 60 characters"),
  /** How long the link works unless revoked first. */
  days: z.number().int().min(1, "At least one day").max(3650, "At most ten years"),
});
export type CreateDisplayInput = z.infer<typeof CreateDisplaySchema>;

export const DisplayRefSchema = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/) });
