# Stand-in for nginx:<version>-alpine: Debian's nginx, in the foreground,
# reading /etc/nginx/nginx.conf (which compose mounts), logging to the console.
ARG SERVICES
FROM ${SERVICES}
RUN ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
# As the official image: SIGQUIT is nginx's graceful shutdown.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
