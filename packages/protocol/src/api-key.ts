// Collector credentials on the wire: `Authorization: Bearer cs_<env>_<32 chars>` plus `X-Collector-ID: <uuid>`.
import { z } from "zod";

/**
 * The `<env>` part of a key says where it was issued, so a key pasted into the wrong deployment is easy to
 * spot (and to catch in secret scanners): `live` production, `test` automated tests/CI, `dev` local setups.
 */
export const API_KEY_ENVIRONMENTS = ["live", "test", "dev"] as const;
export type ApiKeyEnvironment = (typeof API_KEY_ENVIRONMENTS)[number];

/** Random part: 32 characters of [A-Za-z0-9] (~190 bits). */
export const API_KEY_RANDOM_LENGTH = 32;
export const API_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const API_KEY_PATTERN = /^cs_(live|test|dev)_[A-Za-z0-9]{32}$/;

/** Random characters kept in the displayable prefix (`cs_live_AbCd1234`): enough to tell keys apart. */
export const API_KEY_PREFIX_RANDOM_LENGTH = 8;
export const API_KEY_PREFIX_PATTERN = /^cs_(live|test|dev)_[A-Za-z0-9]{8}$/;

/** Lowercase, as Node exposes incoming header names. */
export const AUTHORIZATION_HEADER = "authorization";
export const COLLECTOR_ID_HEADER = "x-collector-id";

export const apiKeySchema = z
  .string()
  .regex(API_KEY_PATTERN, { error: "must look like cs_<env>_<32 letters/digits>" });
export const apiKeyPrefixSchema = z
  .string()
  .regex(API_KEY_PREFIX_PATTERN, { error: "must look like cs_<env>_<8 letters/digits>" });
export const collectorIdSchema = z.uuid();

export function isApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}

export function formatApiKey(environment: ApiKeyEnvironment, random: string): string {
  if (random.length !== API_KEY_RANDOM_LENGTH || !/^[A-Za-z0-9]+$/.test(random)) {
    throw new Error(`the random part of an API key must be ${API_KEY_RANDOM_LENGTH} letters/digits`);
  }
  return `cs_${environment}_${random}`;
}

/** The non-secret prefix shown in lists and stored beside the hash (`cs_live_AbCd1234`). */
export function apiKeyPrefix(apiKey: string): string {
  const match = /^(cs_(?:live|test|dev)_)([A-Za-z0-9]+)$/.exec(apiKey);
  if (!match?.[1] || !match[2]) throw new Error("not an API key");
  return match[1] + match[2].slice(0, API_KEY_PREFIX_RANDOM_LENGTH);
}

/** The token of an `Authorization: Bearer <token>` header value, or undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  return match?.[1];
}
