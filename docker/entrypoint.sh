#!/bin/sh
# The container's entrypoint: runs the koldy launcher on the mounted project (KOLDY_ROOT, /app by
# default) with the container's arguments, and passes its exit code through. The launcher finds
# the prebuilt jar (lib/koldy.jar beside it) and, with no sources in the image, never rebuilds.
# A container often starts together with its database: koldy waits up to KOLDY_WAIT seconds
# (default 60; 0 to fail at once) for a server that is still starting.
set -eu
launcher="${KOLDY_LAUNCHER:-/opt/koldy/koldy}"
export KOLDY_ROOT="${KOLDY_ROOT:-/app}"
if [ ! -d "$KOLDY_ROOT" ]; then
  echo "koldy: project root $KOLDY_ROOT does not exist; mount your project there or set KOLDY_ROOT." >&2
  exit 2
fi
exec sh "$launcher" --wait "${KOLDY_WAIT:-60}" "$@"
