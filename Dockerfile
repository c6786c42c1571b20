# fne-api container image: a release build in the official Swift image, run from a slim
# Debian with only what the binary needs. Configuration by environment variables (see the
# README); the database lives on the /data volume.

# ---- build ----------------------------------------------------------------------------
FROM swift:6.3-bookworm AS build
# The system SQLite that GRDB builds against. Versions are not pinned: bookworm's security
# updates must apply, and the base image fixes the Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Dependencies first, so that editing the sources does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY openapi.yaml ./
COPY Plugins ./Plugins
COPY Sources ./Sources
# The manifest names the test targets too; their sources must be present to build.
COPY Tests ./Tests
# The Swift runtime is linked in, so the runtime stage needs no Swift toolchain.
RUN swift build -c release --product fne-api --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/fne-api" /staging/fne-api

# ---- run ------------------------------------------------------------------------------
FROM debian:bookworm-slim
# libsqlite3 for the database, CA certificates and time zones for the Swift runtime.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin fne \
    && mkdir -p /data && chown fne:fne /data
COPY --from=build /staging/fne-api /usr/local/bin/fne-api
USER fne
WORKDIR /data
ENV FNE_HOST=0.0.0.0 \
    FNE_PORT=8080 \
    FNE_DB=/data/fne-api.sqlite \
    FNE_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
# `fne-api healthcheck` asks GET /health on FNE_PORT: no curl needed in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["fne-api", "healthcheck"]
ENTRYPOINT ["fne-api"]
CMD ["serve"]
