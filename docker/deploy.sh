#!/usr/bin/env bash
# Rolling update of a running stack to the image IMAGE:IMAGE_TAG, with no
# failed request: run in the folder that holds docker-compose.yml, docker/ and
# .env (the release workflow runs it on the deploy host over SSH).
#
#   IMAGE=ghcr.io/OWNER/REPO IMAGE_TAG=1.2.3 BOT_REPLICAS=3 WORKER_REPLICAS=2 docker/deploy.sh
#
# Pulls the image, migrates, replaces the bots one at a time (start one new
# bot, wait until its /readyz health check passes, stop one old bot: SIGTERM
# drains it within 30 s), then brings everything to the wanted scale (workers
# are replaced all at once; jobs they had not acked are redelivered).
set -euo pipefail
: "${IMAGE:?set IMAGE}" "${IMAGE_TAG:?set IMAGE_TAG}"
BOT_REPLICAS=${BOT_REPLICAS:-3}
WORKER_REPLICAS=${WORKER_REPLICAS:-2}
export IMAGE IMAGE_TAG # they select the image in docker-compose.yml

# Compose v2 (`docker compose`) where installed, else v1 (`docker-compose`).
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi
}

wait_healthy() { # wait_healthy CONTAINER: up to 2 minutes
  for _ in $(seq 1 60); do
    if [ "$(docker inspect -f '{{.State.Health.Status}}' "$1")" = healthy ]; then return 0; fi
    sleep 2
  done
  echo "deploy: $1 did not become healthy" >&2
  return 1
}

# A host that cannot reach the registry may have the image already (docker load).
compose pull migrate bot worker ||
  docker image inspect "$IMAGE:$IMAGE_TAG" >/dev/null ||
  { echo "deploy: cannot pull $IMAGE:$IMAGE_TAG" >&2; exit 1; }
compose run --rm migrate

old=$(compose ps -q bot)
count=$(printf '%s' "$old" | grep -c . || true)
for id in $old; do
  before=$(compose ps -q bot)
  compose up -d --no-deps --no-recreate --scale bot="$((count + 1))" bot
  for c in $(compose ps -q bot); do
    case "$before" in *"$c"*) ;; *) wait_healthy "$c" ;; esac
  done
  docker stop -t 30 "$id"
  docker rm "$id"
done

compose up -d --remove-orphans --scale bot="$BOT_REPLICAS" --scale worker="$WORKER_REPLICAS"
compose ps
