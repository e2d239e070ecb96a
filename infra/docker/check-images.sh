#!/usr/bin/env bash
# `pnpm check:images`: builds every image without a Docker engine (podman, --isolation=chroot, the local base from
# make-base-image.sh) and starts each one the way production does: read-only root file system, a tmpfs /tmp,
# against this machine's Postgres and Redis (host network). Passes when migrate applies the migrations to a fresh
# database (twice: the second run applies nothing), when api, worker, tagger and web answer /ready (from the host
# and through their own HEALTHCHECK) as a non-root user that cannot write to its root file system, when a batch
# sent to the api is written to Postgres by the worker and the web app serves its sign-in page, when they stop on
# SIGTERM with exit status 0, and when the watcher image answers `catsyphon --version`. Cleans up what it started
# (containers, the database, the Redis keys); the images stay, tagged localhost/catsyphon-<name>:latest.
#
# Options: --no-build (use the outputs `pnpm build` already wrote). Environment: TEST_DATABASE_URL (an admin
# connection; default postgresql://postgres@127.0.0.1:5432/postgres), TEST_REDIS_URL (redis://127.0.0.1:6379),
# CATSYPHON_IMAGE_TAG (latest), CATSYPHON_IMAGES_CACHE (~/.cache/catsyphon/images).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/infra/docker"
cd "$repo"
# shellcheck source=infra/docker/podman-env.sh
. "$here/podman-env.sh"

run_build=1
[ "${1:-}" = "--no-build" ] && run_build=0
tag="${CATSYPHON_IMAGE_TAG:-latest}"
base_image="${CATSYPHON_BASE_IMAGE:-localhost/catsyphon-node:24}"
admin_url="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
redis_url="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
run_id="$(date +%s)-$$"
database="catsyphon_images_${run_id//-/_}"
redis_prefix="catsyphon-images-$run_id"
database_url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$admin_url" "$database")"
stage="$(mktemp -d "${TMPDIR:-/tmp}/catsyphon-images.XXXXXX")"
containers=()
timings=()

# Without systemd, podman 4.3 logs an error each time it would set up a healthcheck timer; the checks themselves
# run on demand (podman healthcheck run), so those lines are noise.
podman() { command podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }

log() { printf '\n==> %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}
# Runs a step and records how long it took; a failing step ends the script (set -e), never call it behind ||.
timed() { # label command...
  local label="$1" started
  shift
  started=$(date +%s)
  "$@"
  timings+=("$(printf '%-28s %4d s' "$label" "$(($(date +%s) - started))")")
}

cleanup() {
  local status=$?
  for name in "${containers[@]}"; do
    if [ "$status" -ne 0 ] && podman container exists "$name"; then
      echo "--- last log lines of $name" >&2
      podman logs --tail 30 "$name" >&2 || true
    fi
    podman rm --force --time 5 "$name" >/dev/null 2>&1 || true
  done
  psql -q -d "$admin_url" -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$redis_url" --scan --pattern "$redis_prefix:*" 2>/dev/null |
    xargs --no-run-if-empty redis-cli -u "$redis_url" del >/dev/null 2>&1 || true
  rm -rf "$stage"
  exit "$status"
}
trap cleanup EXIT

for tool in podman node npm psql redis-cli; do
  command -v "$tool" >/dev/null || fail "missing $tool (podman: apt-get install -y --no-install-recommends podman buildah runc debootstrap)"
done

# A free loopback port for each service: the host network is shared with whatever else runs here.
free_port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# --- base image and build outputs -----------------------------------------------------------------------------
log "base image $base_image"
timed "base image" "$here/make-base-image.sh"

if [ "$run_build" -eq 1 ]; then
  log "pnpm build"
  timed "pnpm build" pnpm build
fi
for output in apps/ingest-api/dist/main.mjs apps/ingest-worker/dist/main.mjs apps/tagger/dist/main.mjs \
  packages/db/dist/migrate.mjs apps/web/.next/standalone/apps/web/start.mjs apps/watcher/dist/npm/package.json; do
  [ -e "$output" ] || fail "$output is missing: run pnpm build first"
done

log "watcher package (npm pack of apps/watcher/dist/npm, installed into a prefix as npm install -g would)"
stage_watcher() {
  (cd "$stage" && npm pack --silent "$repo/apps/watcher/dist/npm" >"$stage/pack.txt")
  local tarball
  tarball="$stage/$(tail -n 1 "$stage/pack.txt")"
  mkdir -p "$stage/watcher/prefix"
  # The package has no dependencies: --offline proves the install needs no registry.
  npm install --global --offline --no-audit --no-fund --loglevel=error --prefix "$stage/watcher/prefix" \
    "$tarball" >/dev/null
  [ -x "$stage/watcher/prefix/bin/catsyphon" ] || fail "the watcher package installs no catsyphon command"
}
timed "watcher package" stage_watcher

# --- images ---------------------------------------------------------------------------------------------------
build_image() { # name context
  podman build --quiet --isolation=chroot --format docker --pull=never --layers \
    --build-arg "NODE_IMAGE=$base_image" \
    -f "$here/$1.Dockerfile" -t "localhost/catsyphon-$1:$tag" "$2" >/dev/null
}
for name in migrate api worker tagger web; do
  log "podman build $name"
  timed "build $name" build_image "$name" "$repo"
done
log "podman build watcher"
timed "build watcher" build_image watcher "$stage/watcher"
podman image prune --force >/dev/null

# --- migrate ----------------------------------------------------------------------------------------------------
log "migrate into a fresh database $database"
psql -q -d "$admin_url" -c "CREATE DATABASE \"$database\"" >/dev/null
run_migrate() {
  podman run --rm --network host --read-only --tmpfs /tmp \
    -e DATABASE_URL="$database_url" -e LOG_LEVEL=warn "localhost/catsyphon-migrate:$tag" ||
    fail "migrate exited non-zero"
}
timed "migrate (fresh)" run_migrate
timed "migrate (again)" run_migrate
tables="$(psql -At -d "$database_url" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
[ "$tables" -gt 1 ] || fail "migrate created no tables"
echo "  $tables tables"

# --- services -----------------------------------------------------------------------------------------------------
api_port=$(free_port)
worker_port=$(free_port)
tagger_port=$(free_port)
web_port=$(free_port)
declare -A ports=([api]=$api_port [worker]=$worker_port [tagger]=$tagger_port [web]=$web_port)
# A throwaway bootstrap admin token for the end-to-end check; handed to podman by name, never on a command line.
CATSYPHON_ADMIN_TOKEN="$(node -p 'require("node:crypto").randomBytes(24).toString("hex")')"
export CATSYPHON_ADMIN_TOKEN

start_service() { # name
  local name="catsyphon-check-$1-$run_id"
  containers+=("$name")
  podman run --detach --name "$name" --network host --read-only --tmpfs /tmp:rw,size=64m,mode=1777 \
    -e DATABASE_URL="$database_url" -e REDIS_URL="$redis_url" -e REDIS_KEY_PREFIX="$redis_prefix" \
    -e INGEST_API_PORT="$api_port" -e WORKER_HEALTH_PORT="$worker_port" -e TAGGER_HEALTH_PORT="$tagger_port" \
    -e WEB_PORT="$web_port" -e CATSYPHON_PUBLIC_INGEST_URL="http://127.0.0.1:$api_port" -e LOG_LEVEL=info \
    -e CATSYPHON_ADMIN_TOKEN \
    "localhost/catsyphon-$1:$tag" >/dev/null
}

wait_ready() { # name
  local name="catsyphon-check-$1-$run_id" url="http://127.0.0.1:${ports[$1]}/ready" deadline
  deadline=$(($(date +%s) + 120))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$(podman inspect --format '{{.State.Running}}' "$name")" != true ]; then
      fail "$1 exited before it was ready (status $(podman inspect --format '{{.State.ExitCode}}' "$name"))"
    fi
    if curl --noproxy '*' -fs -o /dev/null --max-time 2 "$url"; then return 0; fi
    sleep 1
  done
  fail "$1 did not answer $url within 120 s"
}

check_service() { # name
  local name="catsyphon-check-$1-$run_id" uid
  # The image's own HEALTHCHECK (node, inside the container) agrees with the host.
  podman healthcheck run "$name" >/dev/null || fail "$1: its HEALTHCHECK fails while /ready answers"
  uid="$(podman exec "$name" node -p 'process.getuid()')"
  [ "$uid" != 0 ] || fail "$1 runs as root"
  if podman exec "$name" node -e 'require("node:fs").writeFileSync("/app/probe", "x")' 2>/dev/null; then
    fail "$1 can write to its root file system"
  fi
  podman exec "$name" node -e 'require("node:fs").writeFileSync("/tmp/probe", "x")' ||
    fail "$1 cannot write to its /tmp"
  echo "  $1: ready on :${ports[$1]}, uid $uid, read-only root, healthcheck passes"
}

stop_service() { # name
  local name="catsyphon-check-$1-$run_id" status
  podman stop --time 30 "$name" >/dev/null
  status="$(podman inspect --format '{{.State.ExitCode}}' "$name")"
  [ "$status" = 0 ] || fail "$1 exited with status $status on SIGTERM"
  echo "  $1: stopped on SIGTERM, exit status 0"
}

services=(api worker tagger web)
for service in "${services[@]}"; do
  log "start $service"
  start_service "$service"
done
for service in "${services[@]}"; do
  timed "$service ready" wait_ready "$service"
  check_service "$service"
done
# Through the containers end to end: register a collector with the api, send a session's first events, and see the
# worker write them to Postgres; the web app serves its sign-in page.
check_end_to_end() {
  local api="http://127.0.0.1:$api_port" credentials session_id written=0 deadline
  credentials="$(curl --noproxy '*' -fsS --max-time 10 "$api/collectors" \
    -H "Authorization: Bearer $CATSYPHON_ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"collector_type":"sdk","collector_version":"1.0.0","hostname":"check-images"}')" ||
    fail "the api did not register a collector"
  session_id="$(node -p 'require("node:crypto").randomUUID()')"
  node -e '
    const [credentials, sessionId, api] = process.argv.slice(1);
    const { api_key, collector_id } = JSON.parse(credentials);
    const at = (s) => new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString();
    const events = [
      { sequence: 1, type: "session_start", emitted_at: at(0), observed_at: at(0),
        data: { agent_type: "claude-code", agent_version: "2.0.14", working_directory: "/srv/check-images" } },
      { sequence: 2, type: "message", emitted_at: at(5), observed_at: at(5),
        data: { author_role: "human", message_type: "prompt", content: "hello from check-images", message_id: "m1" } },
    ];
    fetch(api + "/collectors/events", {
      method: "POST",
      headers: { authorization: "Bearer " + api_key, "x-collector-id": collector_id, "content-type": "application/json" },
      body: JSON.stringify({ session_id: sessionId, events }),
    }).then(async (r) => { if (r.status !== 202) { console.error(r.status, await r.text()); process.exit(1); } });
  ' "$credentials" "$session_id" "$api" || fail "the api did not accept a batch (202)"
  deadline=$(($(date +%s) + 60))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    written="$(psql -At -d "$database_url" -c "SELECT count(*) FROM messages")"
    [ "$written" -ge 1 ] && break
    sleep 1
  done
  [ "$written" -ge 1 ] || fail "the worker wrote no message to Postgres within 60 s"
  echo "  api accepted a batch, the worker wrote $written message(s)"
  curl --noproxy '*' -fsS -o /dev/null --max-time 30 "http://127.0.0.1:$web_port/sign-in" ||
    fail "the web app does not serve /sign-in"
  echo "  web serves /sign-in"
}
log "end to end"
timed "end to end" check_end_to_end

log "SIGTERM"
for service in "${services[@]}"; do timed "$service stop" stop_service "$service"; done

log "watcher"
version="$(podman run --rm --network none --read-only --tmpfs /tmp "localhost/catsyphon-watcher:$tag" --version)"
[ -n "$version" ] || fail "catsyphon --version printed nothing"
echo "  catsyphon --version: $version"
# Its state lives on the /data volume, the one writable place on its read-only root.
podman run --rm --network none --read-only "localhost/catsyphon-watcher:$tag" status | grep -q '^state: /data/state' ||
  fail "the watcher cannot keep its state under /data"
echo "  catsyphon status: state under /data"
watcher_uid="$(podman run --rm --network none --read-only --entrypoint node "localhost/catsyphon-watcher:$tag" -p 'process.getuid()')"
[ "$watcher_uid" != 0 ] || fail "the watcher runs as root"

log "images"
podman image ls --filter "reference=localhost/catsyphon-*" --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort
log "timings"
printf '%s\n' "${timings[@]}"
echo
echo "images: all checks passed"
