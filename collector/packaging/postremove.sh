#!/bin/sh
# After the files went. On purge (deb) or erase (rpm: $1 is 0) the state goes
# too: the storage directory (queue, offsets) and the service's user and group.
# A plain `dpkg --remove` keeps them, and the edited environment file, for a
# reinstall.
set -e
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
fi
case "$1" in
    purge|0)
        rm -rf /var/lib/jewelry-otelcol
        if getent passwd jewelry-otelcol >/dev/null; then
            userdel jewelry-otelcol || true
        fi
        if getent group jewelry-otelcol >/dev/null; then
            groupdel jewelry-otelcol || true
        fi
        ;;
esac
