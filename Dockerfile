# One image with lanes-api, lanes-worker and the lanes CLI. Multi-stage: the Swift toolchain
# builds, a slim Debian with libhiredis runs.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Examples ./Examples
COPY chaos/Worker ./chaos/Worker
RUN swift build -c release --product lanes-api \
    && swift build -c release --product lanes-worker \
    && swift build -c release --product lanes \
    && mkdir -p /out \
    && bin="$(swift build -c release --show-bin-path)" \
    && cp "$bin/lanes-api" "$bin/lanes-worker" "$bin/lanes" /out/ \
    && cp -r "$bin"/*.resources /out/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis0.14 ca-certificates python3 curl tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app lanes
WORKDIR /app
COPY --from=build /out/ /usr/local/bin/
COPY config ./config
USER lanes
ENV LANES_CONFIG=/app/config/lanes.yaml LANES_HTTP_HOST=0.0.0.0 LANES_HTTP_PORT=8080
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["lanes-api"]
