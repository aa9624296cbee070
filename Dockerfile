# Tux appliance image: one process (bot, SQLite, SSH console). Builds for linux/amd64 and linux/arm64 alike:
#   docker buildx build --platform linux/amd64,linux/arm64 -t tux .
# Config, data and keys live on volumes (/data, /keys), so upgrades keep them and `tux config set` works.

FROM node:24-bookworm-slim AS build
# The SQLite driver and ssh2's optional crypto binding compile from source (no prebuilt binaries are downloaded).
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ make python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV npm_config_build_from_source=true npm_config_audit=false npm_config_fund=false
COPY . .
# npm ci installs everything and runs the project's build (its prepare script, when there is one);
# then the development tools are dropped.
RUN npm ci && npm prune --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    TUX_CONFIG=/data/tux.toml \
    TUX_PATHS_DATA=/data \
    TUX_PATHS_KEYS=/keys \
    TUX_SSH_HOST=0.0.0.0
# ffmpeg plays music; libjpeg-turbo is deepfry's fast JPEG codec (both optional: without them those features degrade).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg libturbojpeg0 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
# The volumes' mount points belong to the runtime user, so fresh named volumes are writable by it; `tux` is on PATH.
RUN install -d -o node -g node -m 0700 /data /keys \
 && ln -s /app/bin/tux.js /usr/local/bin/tux
USER node
VOLUME ["/data", "/keys"]
EXPOSE 2222
# Healthy while the appliance runs and no service is down (see `tux health`); a bot without a token is not "down".
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 CMD ["node", "/app/bin/tux.js", "health"]
STOPSIGNAL SIGTERM
# `tux start` sets the "pi" profile's young generation ([performance] in tux.toml) in its own process.
CMD ["node", "/app/bin/tux.js", "start"]
