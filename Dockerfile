# The Wolfpack image that docker-compose.yml runs: this checkout, installed and built.
# One image, three uses, chosen by the command (as on real hosts):
#   node apps/wolfpackd/dist/wolfpackd.mjs --node NAME --etcd URL,...   a node agent
#   node apps/server/dist/server.mjs --etcd URL,...                     the server and console
#   node apps/cluster-local/dist/wolfpack-seed.mjs --etcd URL,...       the seed, once
FROM node:20-bookworm-slim

# iproute2: the IP Address resource (`ip addr`; the container needs NET_ADMIN).
# iputils-arping: gratuitous ARP when the address moves. util-linux: setpriv, so resource
# processes die with their agent. netcat and dig: the chat client and DNS checks.
# openssl: the etcd-certs step of docker-compose.yml makes etcd's certificates with it.
# python3, make, g++: native npm modules when no prebuilt binary fits.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates iproute2 iputils-arping util-linux netcat-openbsd bind9-dnsutils openssl python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/wolfpack
COPY . .
# Bundles, resource type panels and the console, as `npm start` builds them.
RUN npm ci --no-audit --no-fund \
 && node --input-type=module -e "await (await import('./scripts/setup.mjs')).build()" \
 && if [ -f apps/console/build.mjs ]; then node apps/console/build.mjs; fi

ENV WOLFPACK_DATA_DIR=/var/lib/wolfpack
VOLUME /var/lib/wolfpack
CMD ["node", "apps/wolfpackd/dist/wolfpackd.mjs", "--help"]
