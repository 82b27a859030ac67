// Encodes a NOTIFY_SOCKET path as a struct sockaddr_un for bind(2).

const SUN_PATH_MAX = 108;
const AF_UNIX = 1;

/** sockaddr_un bytes and length for `path`; '@name' is a Linux abstract socket, as systemd accepts. */
export function unixSocketAddress(path: string): { readonly addr: Buffer; readonly length: number } {
  const abstract = path.startsWith('@');
  const name = Buffer.from(abstract ? path.slice(1) : path, 'utf8');
  // A filesystem path needs room for its terminating NUL; an abstract name starts with one.
  if (name.length === 0 || name.length + 1 > SUN_PATH_MAX) {
    throw new RangeError(`notify socket path must be 1-${SUN_PATH_MAX - 1} bytes: ${JSON.stringify(path)}`);
  }
  const addr = Buffer.alloc(2 + SUN_PATH_MAX);
  // sa_family_t is in host byte order.
  new Uint16Array(addr.buffer, addr.byteOffset, 1)[0] = AF_UNIX;
  name.copy(addr, abstract ? 3 : 2);
  return { addr, length: abstract ? 3 + name.length : 2 + name.length + 1 };
}
