import { bool, email, envShape, port, text } from "../fields";

export const webFragment = envShape({
  WEB_PORT: port().default(3000),
  // First dashboard user; set both or neither (checked in webEnvSchema).
  CATSYPHON_INIT_ADMIN_EMAIL: email().optional(),
  CATSYPHON_INIT_ADMIN_PASSWORD: text(12).optional(),
  // Off by default so http://localhost works; turn on behind HTTPS.
  SESSION_COOKIE_SECURE: bool().default(false),
});
