#!/bin/sh
# Builds the root filesystem of the e2e base image without any container
# registry: a minbase Debian bookworm from the Debian mirror, this machine's
# node + npm at the paths the official node images use, and the Debian
# packages the legacy-app example needs. Writes a tarball for `docker import`.
#
# usage: e2e-base-rootfs.sh WORKDIR OUT.tar PACKAGE...
set -eu

work=$1
out=$2
shift 2
mirror=${TSVISOR_E2E_MIRROR:-http://deb.debian.org/debian}
root=$work/rootfs

rm -rf "$root"
mkdir -p "$root"

debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

# Package maintainer scripts must not start daemons inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# A private mount namespace makes the /proc mount vanish with the process,
# even when apt fails half-way (no stale mount left on the host).
unshare --mount --fork sh -c '
  set -e
  mount -t proc proc "$1/proc"
  shift
  root=$0
  chroot "$root" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends "$@"
  chroot "$root" apt-get clean
' "$root" "$root" "$@" >"$work/apt.log" 2>&1 || {
  tail -n 30 "$work/apt.log" >&2
  exit 1
}
rm -rf "$root"/var/lib/apt/lists/* "$root/usr/sbin/policy-rc.d"

node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
install -m 755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

# The host may reach the npm registry through a TLS-intercepting proxy; the
# image trusts exactly what this machine trusts (NODE_EXTRA_CA_CERTS is set
# by the importer).
mkdir -p "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/tsvisor-e2e-host-ca.crt"

tar --numeric-owner -C "$root" -cf "$out.$$.partial" .
mv "$out.$$.partial" "$out"
rm -rf "$root"
