# The web image: the dashboard and read API (Next.js standalone server on WEB_PORT; /health, /ready).
# Build context: the repository root, after `pnpm build` (the image ships the host-built standalone tree
# apps/web/.next/standalone/, which `pnpm build` completes with the static assets and the start script: no pnpm
# install, no development dependencies, no network).
# Base: NODE_IMAGE, any Debian-based image with node on PATH (see infra/docker/make-base-image.sh). Runs as uid
# 10001 on a read-only root file system: Next's cache directory points at /tmp/next-cache, so mount a tmpfs (or a
# volume) on /tmp. Works with docker build, podman build and buildah (no BuildKit-only syntax).
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production \
    WEB_PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY apps/web/.next/standalone/ /app/
# The only place Next writes at run time (image optimisation, fetch cache): moved off the read-only root.
RUN rm -rf /app/apps/web/.next/cache && ln -s /tmp/next-cache /app/apps/web/.next/cache

WORKDIR /app/apps/web
USER 10001:10001
VOLUME ["/tmp"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WEB_PORT || 3000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (drains, exits 0); run with --init (compose: init: true) to have
# orphaned processes reaped as well.
ENTRYPOINT ["node", "--enable-source-maps", "/app/apps/web/start.mjs"]
