#!/bin/sh
# `npm ci` for the image's build stages (arguments go to npm ci and npm ls).
# - Trusts the extra CA certificates in docker/ca/ (*.crt, *.pem), on top of
#   the base image's NODE_EXTRA_CA_CERTS, for networks that re-sign TLS.
# - Fails when the install is incomplete: npm can print "Exit handler never
#   called!" and still exit 0 when its downloads fail, and the build would
#   only stop steps later.
set -eu
extra=$(find "$(dirname "$0")/ca" -type f \( -name '*.crt' -o -name '*.pem' \) | sort)
if [ -n "$extra" ]; then
  # shellcheck disable=SC2086 # one path per line, without spaces (our own folder)
  cat ${NODE_EXTRA_CA_CERTS:+"$NODE_EXTRA_CA_CERTS"} $extra >/tmp/npm-ca.pem
  export NODE_EXTRA_CA_CERTS=/tmp/npm-ca.pem
fi
npm ci --no-audit --no-fund "$@"
if ! npm ls "$@" >/dev/null 2>/tmp/npm-ls.err; then
  head -5 /tmp/npm-ls.err >&2
  echo "npm-ci: npm ci did not install the locked dependencies (see its errors above)." >&2
  echo "npm-ci: behind a proxy that re-signs TLS, put its CA certificate in docker/ca/ (docs/operations.md)." >&2
  exit 1
fi
