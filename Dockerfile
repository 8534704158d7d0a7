# secon-bot production image: the built command and its production dependencies, nothing else.
# Three stages: `build` bundles the command (dist/, esbuild, with the dev dependencies), `deps`
# installs the production dependencies only, and `runtime` takes just those two. No TypeScript, no
# tsx or esbuild, no tests, sandboxes or demo at run time.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here (done below); the
# dependencies' install scripts are not needed (see README, "Development").
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY dev/build.mjs dev/ascii-bundle.mjs ./dev/
COPY bin ./bin
COPY cli ./cli
COPY app ./app
COPY queues ./queues
COPY worker ./worker
COPY web ./web
COPY src ./src
# --production: the command only; `secon-bot sandbox` and `demo` say they are not in this image.
RUN node dev/build.mjs --production

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to the worker (graceful stop) and reaps child processes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# The review desk's stylesheet and script, served from files.
COPY web/static ./web/static
COPY templates ./templates
COPY secon-bot.yaml ./
# `secon-bot` on the PATH; /app/data is the one writable folder (exports, imports), owned by the
# user the process runs as — the rest of /app stays root's and read-only to it.
RUN ln -s /app/dist/secon-bot.js /usr/local/bin/secon-bot \
  && mkdir -p /app/data \
  && chown node:node /app/data
USER node
EXPOSE 9464

# /healthz answers 200 while Redis is reachable and the workers run (README, "Running with Docker Compose").
# Outside a container the worker binds 127.0.0.1 by default (worker.host). In here it binds every
# interface of the container's own network, so that `docker run -p 127.0.0.1:9464:9464` (or
# Compose's ports) reaches it: what is published on the host stays the operator's choice.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/secon-bot.js", "worker", "--host", "0.0.0.0"]
