# Stand-in for rabbitmq:<version>-management: Debian's RabbitMQ with the
# management plugin, the default user from RABBITMQ_DEFAULT_USER /
# RABBITMQ_DEFAULT_PASS, data in /var/lib/rabbitmq, and rabbitmq-diagnostics.
ARG SERVICES
FROM ${SERVICES}
# The CLI tools find the Erlang cookie under $HOME, as in the official image.
ENV HOME=/var/lib/rabbitmq PATH=/usr/lib/rabbitmq/bin:$PATH
COPY rabbitmq-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/rabbitmq
EXPOSE 5672 15672
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["rabbitmq-server"]
