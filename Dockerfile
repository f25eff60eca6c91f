# syntax=docker/dockerfile:1
# Build stage: native better-sqlite3 needs a compiler; the runtime image does not.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/deploy-check.sqlite \
    PORT=3000
WORKDIR /app
# DejaVu Sans: the font the error-rate charts are drawn with (resvg ships no font of its own).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The CLI: `docker run … deploy-check probe <url>` runs bin/deploy-check.js, which uses dist/.
COPY bin ./bin
RUN ln -s /app/bin/deploy-check.js /usr/local/bin/deploy-check
# Migrations ship with the image and are applied at start-up.
COPY migrations ./migrations
# `docker run -p 3000:3000 deploy-check sandbox`: the page's files, the example config, and the command.
COPY --from=build /app/src/sandbox/public ./dist/src/sandbox/public
COPY sandbox ./sandbox
COPY --chmod=755 sandbox/sandbox.sh /usr/local/bin/sandbox
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
