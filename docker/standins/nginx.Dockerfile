# Stand-in for nginx:<version>-alpine: Debian's nginx, in the foreground,
# reading /etc/nginx/nginx.conf (which compose mounts), logging to the console.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y nginx \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
# As the official image: SIGQUIT is nginx's graceful shutdown.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
