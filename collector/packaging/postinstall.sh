#!/bin/sh
# After the files landed: host logs readable (LV-4), the unit known to systemd,
# enabled, and (re)started where systemd runs. On a host without a running
# systemd (a container, a chroot) only the files are set up.
set -e
# Reading /var/log/syslog and the journal takes these groups, where they exist.
for group in adm systemd-journal; do
    if getent group "$group" >/dev/null; then
        usermod --append --groups "$group" jewelry-otelcol
    fi
done
mkdir -p /var/lib/jewelry-otelcol/storage
chown -R jewelry-otelcol:jewelry-otelcol /var/lib/jewelry-otelcol
chmod 0750 /var/lib/jewelry-otelcol

if command -v systemctl >/dev/null 2>&1; then
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload
    fi
    systemctl enable jewelry-otelcol.service >/dev/null 2>&1 || true
    if [ -d /run/systemd/system ]; then
        systemctl restart jewelry-otelcol.service
    fi
fi
