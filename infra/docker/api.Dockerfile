# The api image: the collector ingest API (HTTP on INGEST_API_PORT, /health, /ready, /metrics).
# Build context: the repository root, after `pnpm build` (the image ships the host-built bundle
# apps/ingest-api/dist/, which carries its own node_modules where it needs any: no pnpm install, no development
# dependencies, no network). Base: NODE_IMAGE, any Debian-based image with node on PATH (see
# infra/docker/make-base-image.sh). Runs as uid 10001 on a read-only root file system; nothing is written but
# logs to stdout. Works with docker build, podman build and buildah (no BuildKit-only syntax).
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production \
    INGEST_API_PORT=8000
WORKDIR /app
COPY apps/ingest-api/dist/ /app/

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.INGEST_API_PORT || 8000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (drains, exits 0); run with --init (compose: init: true) to have
# orphaned processes reaped as well.
ENTRYPOINT ["node", "--enable-source-maps", "/app/main.mjs"]
