import { describe, expect, it } from 'vitest';
import { unixSocketAddress } from '../../../src/os/notify/socket-address.js';

describe('unixSocketAddress', () => {
  it('encodes a filesystem path with its NUL terminator in the length', () => {
    const { addr, length } = unixSocketAddress('/run/a.sock');
    expect(length).toBe(2 + '/run/a.sock'.length + 1);
    expect(new Uint16Array(addr.buffer, addr.byteOffset, 1)[0]).toBe(1);
    expect(addr.toString('utf8', 2, length - 1)).toBe('/run/a.sock');
    expect(addr[length - 1]).toBe(0);
  });

  it('encodes an @abstract name with a leading NUL and no terminator', () => {
    const { addr, length } = unixSocketAddress('@tsvisor/x');
    expect(length).toBe(2 + 1 + 'tsvisor/x'.length);
    expect(addr[2]).toBe(0);
    expect(addr.toString('utf8', 3, length)).toBe('tsvisor/x');
  });

  it('rejects paths that do not fit sun_path', () => {
    expect(() => unixSocketAddress(`/${'a'.repeat(106)}`)).not.toThrow();
    expect(() => unixSocketAddress(`/${'a'.repeat(107)}`)).toThrow(RangeError);
    expect(() => unixSocketAddress('')).toThrow(RangeError);
    expect(() => unixSocketAddress('@')).toThrow(RangeError);
  });
});
