#!/usr/bin/env bash
# `npm run test:containers`: the compose stack on this machine's Docker engine.
# Prepares the engine and the images (test/containers/images.sh: dockerd, the
# stand-in base images where the real ones cannot be pulled, the image from
# the Dockerfile; what is built already is kept), then runs
# test/containers/*.test.ts, which start docker-compose.yml scaled to 3 bots
# and 2 workers and check it through lb.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Without the buildx plugin, the classic builder (image.test.ts builds from the Dockerfile too).
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

test/containers/images.sh
npx vitest run --config test/containers/vitest.config.ts
