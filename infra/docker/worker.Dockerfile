# The worker image: the ingest worker (BullMQ consumer; /health, /ready, /metrics on WORKER_HEALTH_PORT).
# Build context: the repository root, after `pnpm build` (the image ships the host-built bundle
# apps/ingest-worker/dist/, which carries its own node_modules where it needs any: no pnpm install, no development
# dependencies, no network). Base: NODE_IMAGE, any Debian-based image with node on PATH (see
# infra/docker/make-base-image.sh). Runs as uid 10001 on a read-only root file system; nothing is written but
# logs to stdout. Works with docker build, podman build and buildah (no BuildKit-only syntax).
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production \
    WORKER_HEALTH_PORT=8001
WORKDIR /app
COPY apps/ingest-worker/dist/ /app/

USER 10001:10001
EXPOSE 8001
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WORKER_HEALTH_PORT || 8001) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (drains, exits 0); run with --init (compose: init: true) to have
# orphaned processes reaped as well.
ENTRYPOINT ["node", "--enable-source-maps", "/app/main.mjs"]
