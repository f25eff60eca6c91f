#!/bin/sh
# `docker run -p 3000:3000 deploy-check sandbox`: the sandbox binds 127.0.0.1 by default, which a
# published container port cannot reach, so inside the image it listens on every interface.
export HOST="${HOST:-0.0.0.0}"
export SANDBOX_DATA_DIR="${SANDBOX_DATA_DIR:-/data/sandbox}"
exec node /app/dist/src/sandbox/main.js "$@"
