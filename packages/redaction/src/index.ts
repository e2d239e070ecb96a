// @catsyphon/redaction: the one list of secret patterns, used wherever session content leaves its owner.
export { redactJson, redactText, SECRET_PATTERNS, type SecretPattern } from "./redact";
