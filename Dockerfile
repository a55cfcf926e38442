# syntax=docker/dockerfile:1
# One image for the five services and the gateway; the command picks which one runs, e.g.
#   docker run … mallcare node --enable-source-maps dist/services/intake/src/main.js

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: the build needs only tsc and tsc-alias, none of the native post-installs.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
COPY web ./web
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# Analytics draws the monthly-analysis PDFs with Noto Sans CJK (ANALYTICS_CJK_FONT points elsewhere if needed).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist/libs ./dist/libs
COPY --from=build /app/dist/services ./dist/services
# The staff console: the gateway serves it at / (CONSOLE_DIR moves it).
COPY --from=build /app/dist/web ./dist/web
USER node
CMD ["node", "--enable-source-maps", "dist/services/gateway/src/main.js"]
