# Stand-in for postgres:<major>: Debian's PostgreSQL server, initialised on
# first start from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB into the
# volume at /var/lib/postgresql/data, with pg_isready on the PATH.
ARG BASE
FROM ${BASE}
ARG PG_MAJOR
# No cluster from the package: the entrypoint creates one in the volume.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/standin.conf \
 && apt-get update \
 && apt-get install -y postgresql-${PG_MAJOR} \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# As the official image: SIGINT is PostgreSQL's fast shutdown.
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
