#!/bin/sh
# A stand-in for "the one process of this container": prints a heartbeat and
# exits 0 on SIGTERM, the way a well-behaved server does.
trap 'echo "app: SIGTERM received, exiting"; exit 0' TERM
echo "app: started as pid $$"
while :; do
  sleep 1 &
  wait $!
done
