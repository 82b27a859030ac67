#!/bin/sh
# One-shot init task: seeds redis with the data the worker expects. Exits
# non-zero on failure so tsvisor retries it (restart: on-failure:3) and never
# starts the worker on an empty store.
set -eu
redis-cli -h 127.0.0.1 SET app:greeting "hello from the seed task" >/dev/null
redis-cli -h 127.0.0.1 DEL "${QUEUE:-jobs}" >/dev/null
for i in 1 2 3 4 5; do
  redis-cli -h 127.0.0.1 RPUSH "${QUEUE:-jobs}" "job-$i" >/dev/null
done
echo "seeded $(redis-cli -h 127.0.0.1 LLEN "${QUEUE:-jobs}") jobs"
