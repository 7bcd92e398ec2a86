#!/bin/sh
# The official rabbitmq image's contract, the parts docker-compose.yml uses:
# the default user from the environment, logs on the console, the server in
# the foreground as the rabbitmq user, data under /var/lib/rabbitmq.
set -eu
{
  echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
  echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
  echo 'log.console = true'
  echo 'log.file = false'
} >/etc/rabbitmq/rabbitmq.conf
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$@"
