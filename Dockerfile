# Tux appliance image. Data and keys are volumes so they survive upgrades.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends g++ make python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production TUX_PATHS_DATA=/data TUX_PATHS_KEYS=/keys TUX_SSH_HOST=0.0.0.0
COPY --from=build /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY tui ./tui
COPY migrations ./migrations
VOLUME ["/data", "/keys"]
EXPOSE 2222
USER node
CMD ["node", "bin/tux.js", "start"]
