-- AlterTable
ALTER TABLE "files_touched" ADD COLUMN     "renamed_from" TEXT;
