#!/usr/bin/env bash
# The images `npm run test:containers` runs, on this machine's Docker engine.
# Starts dockerd when no engine answers, builds stand-in base images where the
# real ones cannot be pulled (docker/standins/build.sh), then the image from
# the Dockerfile. What is built already is kept (a stand-in of the same recipe;
# the image's layers while their inputs are unchanged), so a second run takes
# seconds: .ci/run starts this in the background while npm test runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || { echo "containers: no Docker engine (apt-get install docker.io)" >&2; exit 1; }
  echo "containers: starting dockerd (log: /var/log/dockerd.log)"
  setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/dockerd.log >&2; exit 1; }
fi
# Without the buildx plugin, the classic builder (the Dockerfile needs nothing more).
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

SECONDS=0
docker/standins/build.sh
echo "containers: base images ready (${SECONDS}s)"

SECONDS=0
name() { sed -nE "s/^export const $1 = '(.*)'$/\\1/p" test/containers/names.ts; }
image="$(name IMAGE):$(name IMAGE_TAG)"
log=$(mktemp)
docker build -t "$image" . >"$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
rm -f "$log"
echo "containers: built $image from the Dockerfile (${SECONDS}s)"
