# The migrate image: applies the database migrations (DATABASE_URL) and exits 0; run it once per release before
# the services start (compose: the migrate service they wait on). Idempotent: a second run applies nothing.
# Build context: the repository root, after `pnpm build` (ships packages/db/dist/, the bundled runner with the
# schema and migrations beside it: no pnpm install, no development dependencies, no network). Base: NODE_IMAGE,
# any Debian-based image with node on PATH (see infra/docker/make-base-image.sh). Runs as uid 10001 on a
# read-only root file system. Works with docker build, podman build and buildah (no BuildKit-only syntax).
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production
WORKDIR /app
COPY packages/db/dist/ /app/

USER 10001:10001
# A one-shot job: its exit status is its health.
HEALTHCHECK NONE
ENTRYPOINT ["node", "--enable-source-maps", "/app/migrate.mjs"]
