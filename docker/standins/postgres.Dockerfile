# Stand-in for postgres:<major>: Debian's PostgreSQL server, initialised on
# first start from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB into the
# volume at /var/lib/postgresql/data, with pg_isready on the PATH.
ARG SERVICES
FROM ${SERVICES}
ARG PG_MAJOR
RUN test -x /usr/lib/postgresql/${PG_MAJOR}/bin/postgres \
 || { echo "no PostgreSQL ${PG_MAJOR} in Debian bookworm: change the stand-in" >&2; exit 1; }
ENV PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# As the official image: SIGINT is PostgreSQL's fast shutdown.
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
