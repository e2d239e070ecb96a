# Sourced by make-base-image.sh and check-images.sh: podman settings for a machine without systemd or a Docker
# engine (CI, a root shell in a VM), kept in files of our own rather than in /etc so they change nothing else on
# the host. Storage is private to CatSyphon (its own graph root), so other podman users are not disturbed.
# shellcheck shell=bash

images_cache="${CATSYPHON_IMAGES_CACHE:-$HOME/.cache/catsyphon/images}"
podman_conf_dir="$images_cache/podman-conf"
mkdir -p "$podman_conf_dir" "$images_cache/storage"

# overlay where the kernel offers it (quicker layers), else vfs (copies, but works everywhere).
if [ -z "${CATSYPHON_STORAGE_DRIVER:-}" ]; then
  if grep -qw overlay /proc/filesystems 2>/dev/null; then CATSYPHON_STORAGE_DRIVER=overlay; else CATSYPHON_STORAGE_DRIVER=vfs; fi
fi

# podman gives root containers 1048576 open files and processes, which fails ("error setting rlimit type 7",
# type 6) where the sandbox allows fewer (CI): containers get this shell's open-file limit and 4096 processes
# (plenty for one Node process; runc here refuses some values below the shell's own process limit).
nofile_limit="$(ulimit -Hn)"
[ "$nofile_limit" = unlimited ] && nofile_limit=1048576
nproc_limit=4096

# No systemd here: cgroups are managed by the runtime itself (cgroupfs), events go to a file rather than the
# journal, and runc is the runtime (the one Debian ships that runs these images).
cat >"$podman_conf_dir/containers.conf" <<CONF
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$images_cache/podman-events.log"
runtime = "runc"
[containers]
log_driver = "k8s-file"
# The host's proxy variables are for this shell, not for the services (which talk to loopback and the LLM).
http_proxy = false
default_ulimits = ["nofile=$nofile_limit:$nofile_limit", "nproc=$nproc_limit:$nproc_limit"]
CONF

cat >"$podman_conf_dir/storage.conf" <<CONF
[storage]
driver = "$CATSYPHON_STORAGE_DRIVER"
graphroot = "$images_cache/storage"
runroot = "${XDG_RUNTIME_DIR:-/run}/catsyphon-containers"
CONF

# Nothing is ever pulled: images are local (localhost/...) and short names must not reach out to a registry.
cat >"$podman_conf_dir/registries.conf" <<CONF
unqualified-search-registries = []
short-name-mode = "disabled"
CONF

export CONTAINERS_CONF="$podman_conf_dir/containers.conf"
export CONTAINERS_STORAGE_CONF="$podman_conf_dir/storage.conf"
export CONTAINERS_REGISTRIES_CONF="$podman_conf_dir/registries.conf"
export BUILDAH_ISOLATION=chroot
