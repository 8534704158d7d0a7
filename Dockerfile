# secon-bot worker image. The CLI runs TypeScript through tsx (a runtime dependency), so no build step.
FROM node:24-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Only what the worker, the review desk and the commands run: no sandbox platforms, demo, tests or benchmarks.
COPY bin ./bin
COPY src ./src
COPY app ./app
COPY queues ./queues
COPY worker ./worker
COPY cli ./cli
COPY web ./web
COPY templates ./templates
COPY secon-bot.yaml ./

USER node
EXPOSE 9464

# /healthz answers 200 while Redis is reachable and the workers run (see README, "Operations").
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["node", "bin/secon-bot.js", "worker"]
