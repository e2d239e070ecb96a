export { createPrismaClient, createSqlPool, type PrismaClientOptions, type SqlPoolOptions } from "./client";
export { databaseName, poolConfigFromUrl, redactDatabaseUrl, withDatabase } from "./connection-config";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export type * from "./generated/prisma/client";
export { markIngestionJobRequeued } from "./ingestion-jobs";
