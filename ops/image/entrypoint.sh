#!/bin/sh
# The image's entry point: production settings come from the environment (docs/operations.md);
# the root filesystem is read-only, so only /tmp (a tmpfs) and the attachments volume are written.
set -e
export SAFEGUARDING_ENV="${SAFEGUARDING_ENV:-production}" SAFEGUARDING_DATA_DIR="${SAFEGUARDING_DATA_DIR:-/opt/safeguarding}" \
  ATTACHMENTS_ROOT="${ATTACHMENTS_ROOT:-/var/lib/safeguarding/attachments}"
case "${1:-serve}" in
  serve) exec /opt/safeguarding/bin/safeguarding serve --host 0.0.0.0 --port "${PORT:-8000}" ;;
  migrate) exec /opt/safeguarding/bin/safeguarding migrate --no-input ;;
  *) exec /opt/safeguarding/bin/safeguarding "$@" ;;
esac
