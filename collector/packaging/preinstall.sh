#!/bin/sh
# Before the files land: the service's own system user and group, so the
# storage directory and the environment file can be owned by them.
set -e
if ! getent group jewelry-otelcol >/dev/null; then
    groupadd --system jewelry-otelcol
fi
if ! getent passwd jewelry-otelcol >/dev/null; then
    useradd --system --gid jewelry-otelcol --no-create-home \
        --home-dir /var/lib/jewelry-otelcol --shell /usr/sbin/nologin \
        --comment "Jewelry observability OpenTelemetry Collector" jewelry-otelcol
fi
