# The watcher image: the `catsyphon` CLI, for running the collector on a host whose agent logs are mounted in
# (e.g. -v ~/.claude:/home/catsyphon/.claude:ro). Most teams install the CLI with npm instead; this image is the
# same package.
# Build context: NOT the repository root but a directory holding prefix/, the result of
#   npm install --global --prefix <dir>/prefix <tarball of `npm pack apps/watcher/dist/npm`, after pnpm build>
# (infra/docker/check-images.sh prepares it), so the image holds exactly what `npm install -g @catsyphon/cli`
# gives a user and the base needs no npm. Base: NODE_IMAGE, any Debian-based image with node on PATH. Runs as uid 10001 on a
# read-only root file system; its configuration and progress live under /data (a volume).
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE}

ENV NODE_ENV=production \
    HOME=/home/catsyphon \
    XDG_CONFIG_HOME=/data/config \
    XDG_STATE_HOME=/data/state
COPY prefix/ /usr/local/
# A home for mounted agent log folders, and the writable state directory, owned by the unprivileged user.
RUN mkdir -p /home/catsyphon /data && chown 10001:10001 /home/catsyphon /data

USER 10001:10001
VOLUME ["/data"]
# A command-line tool, not a server: nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["catsyphon"]
CMD ["watch"]
