#!/usr/bin/env python3
"""Write a Linux initramfs: a cpio archive in the "newc" format
(Documentation/driver-api/early-userspace/buffer-format.rst), without
needing cpio(1).

  mkinitramfs.py OUT ENTRY...

Each ENTRY is one of
  dir:PATH              a directory, mode 0755
  file:PATH=HOSTFILE    a regular file with HOSTFILE's bytes and mode
  link:PATH=TARGET      a symbolic link
  char:PATH=MAJOR,MINOR a character device, mode 0600 (dev/console:
                        the kernel opens it for init's stdin and stdout)
PATH is the path inside the archive, without a leading slash. The
archive ends with the TRAILER!!! entry; entries are written in order.
"""
import os
import sys


def header(ino, mode, size, nlink, name, rdev=(0, 0)):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    return b"070701" + b"".join(b"%08x" % f for f in fields)


def pad4(b):
    return b + bytes((-len(b)) % 4)


def entry(ino, mode, name, data=b"", nlink=1, rdev=(0, 0)):
    n = name.encode()
    return pad4(header(ino, mode, len(data), nlink, n, rdev) + n + b"\0") + \
        pad4(data)


def main(out, specs):
    blob = b""
    for ino, spec in enumerate(specs, 1):
        kind, _, rest = spec.partition(":")
        path, _, arg = rest.partition("=")
        if kind == "dir":
            blob += entry(ino, 0o040755, path, nlink=2)
        elif kind == "file":
            data = open(arg, "rb").read()
            mode = os.stat(arg).st_mode & 0o777
            blob += entry(ino, 0o100000 | mode, path, data)
        elif kind == "link":
            blob += entry(ino, 0o120777, path, arg.encode())
        elif kind == "char":
            major, _, minor = arg.partition(",")
            blob += entry(ino, 0o020600, path,
                          rdev=(int(major), int(minor)))
        else:
            sys.exit("mkinitramfs: '%s' is not dir:, file:, link: or char:"
                     % spec)
    blob += entry(0, 0, "TRAILER!!!")
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
