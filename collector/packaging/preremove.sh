#!/bin/sh
# Before the files go: stop and disable the service -- unless this is an
# upgrade (deb: "upgrade"; rpm: $1 is 1), where the new package restarts it.
set -e
case "$1" in
    upgrade|1) exit 0 ;;
esac
if command -v systemctl >/dev/null 2>&1; then
    if [ -d /run/systemd/system ]; then
        systemctl stop jewelry-otelcol.service || true
    fi
    systemctl disable jewelry-otelcol.service >/dev/null 2>&1 || true
fi
