import { normalizeEmail, passwordSchema } from "@catsyphon/accounts";
import { z } from "zod";

export const signInBodySchema = z.object({
  email: z.string().trim().min(1).max(320).transform(normalizeEmail),
  password: z.string().min(1).max(256),
});

export const changePasswordBodySchema = z.object({
  current_password: z.string().min(1).max(256),
  new_password: passwordSchema,
});
