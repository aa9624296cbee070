# Tux appliance image. Data and keys are volumes so they survive upgrades.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends g++ make python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# bin/build.js is npm ci's prepare script; with no sources copied yet it has nothing to build.
COPY bin ./bin
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY tui ./tui
COPY migrations ./migrations
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production TUX_PATHS_DATA=/data TUX_PATHS_KEYS=/keys TUX_SSH_HOST=0.0.0.0
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
VOLUME ["/data", "/keys"]
EXPOSE 2222
USER node
# The V8 flags of the "pi" profile ([performance] in tux.toml), given here so no launcher process stays around.
CMD ["node", "--max-semi-space-size=2", "bin/tux.js", "start"]
