// The SDK logs through whatever the caller hands it. The shape is pino's (`logger.warn(fields, message)`),
// so a pino logger fits as is; every method is optional.
export interface SdkLogger {
  debug?(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
  warn?(fields: Record<string, unknown>, message: string): void;
  error?(fields: Record<string, unknown>, message: string): void;
}
