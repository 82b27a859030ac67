#!/bin/sh
# A worker that pops jobs from a redis list and counts them. It stops
# between jobs on SIGTERM: the blocking pop runs in the background so the
# trap runs as soon as the signal arrives, not when the pop times out.
queue=${QUEUE:-jobs}
running=1
child=
on_term() {
  running=0
  [ -n "$child" ] && kill "$child" 2>/dev/null
}
trap on_term TERM INT
echo "worker: started, consuming $queue"
while [ "$running" = 1 ]; do
  redis-cli -h 127.0.0.1 BLPOP "$queue" 1 >/tmp/worker.job 2>/dev/null &
  child=$!
  wait "$child"
  child=
  job=$(sed -n 2p /tmp/worker.job 2>/dev/null)
  if [ -n "$job" ]; then
    echo "worker: done $job (total $(redis-cli -h 127.0.0.1 INCR app:done))"
  fi
done
echo "worker: received SIGTERM, stopped cleanly"
