# syntax=docker/dockerfile:1
# Slack inventory bot. One image for every role: the bot (default CMD),
# `node dist/worker.js`, `node dist/cli/migrate.js`, `node dist/cli/dlq.js …`.
# Builds with BuildKit and with the legacy builder (no RUN --mount).
#
# Behind a proxy that re-signs TLS, put its CA certificate in docker/ca/: the
# build stages trust it for npm; the runtime stage never copies it.

# ---- deps: production dependencies only ----
# Pinned base (version tag; add @sha256:… to pin the digest too). Written out in
# every stage, not via ARG, so Dependabot can bump it.
FROM node:20.19.5-bookworm-slim AS deps
WORKDIR /app
COPY docker/npm-ci.sh /build/
COPY docker/ca/ /build/ca/
# Lock files first so the dependency layer is cached until they change.
COPY package.json package-lock.json ./
# --omit=dev keeps embedded-postgres (dev only, ~60 MB) out: containers always get DATABASE_URL.
# --ignore-scripts: no install scripts run for the production dependencies.
RUN /build/npm-ci.sh --omit=dev --ignore-scripts

# ---- build: all dependencies (TypeScript, …), compile to dist/ ----
FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
COPY docker/npm-ci.sh /build/
COPY docker/ca/ /build/ca/
COPY package.json package-lock.json ./
RUN /build/npm-ci.sh
COPY . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only ----
FROM node:20.19.5-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM to node and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# package.json says "type": "module"; the rest comes from the build stages.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
# Compiled code and the migrations' .sql files (npm run build copies them into dist/).
COPY --from=build /app/dist ./dist
# Never run as root; the official image ships the `node` user (uid 1000).
USER node
EXPOSE 3000
# Liveness: bash speaks HTTP over /dev/tcp (no curl/wget in the slim image; a node
# process per check is slow to start on a busy host).
HEALTHCHECK --interval=15s --timeout=10s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-3000} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# node directly, not `npm start`: SIGTERM reaches node and there is no build at start.
CMD ["node", "dist/main.js"]
