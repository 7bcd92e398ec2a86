# The Debian packages behind the postgres, rabbitmq and nginx stand-ins, in one
# layer: one apt run instead of three (the stand-ins add only their entrypoints).
ARG BASE
FROM ${BASE}
# No cluster from the package: the postgres stand-in creates one in its volume.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/standin.conf \
 && apt-get update \
 && apt-get install -y postgresql-15 rabbitmq-server nginx \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
 && rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
