#!/usr/bin/env python3
"""Seed inputs for fuzz_loader: one good image of each format (with the
8-byte preamble fuzz_loader.c describes), so the fuzzer starts past the
magic numbers and checksums and mutates real headers."""
import os
import struct
import sys

def elf(is64, entry, segs):
    """ELF header and program headers; segs = (type, flags, off, addr,
    filesz, memsz)."""
    if is64:
        h = bytearray(64)
        h[0:7] = b"\x7fELF\x02\x01\x01"
        struct.pack_into("<HHIQQQIHHHHHH", h, 16, 2, 62, 1, entry, 64, 0, 0,
                         64, 56, len(segs), 0, 0, 0)
        for s in segs:
            h += struct.pack("<IIQQQQQQ", s[0], s[1], s[2], s[3], s[3], s[4],
                             s[5], 0x1000)
    else:
        h = bytearray(52)
        h[0:7] = b"\x7fELF\x01\x01\x01"
        struct.pack_into("<HHIIIIIHHHHHH", h, 16, 2, 3, 1, entry, 52, 0, 0,
                         52, 32, len(segs), 0, 0, 0)
        for s in segs:
            h += struct.pack("<IIIIIIII", s[0], s[2], s[3], s[3], s[4], s[5],
                             s[1], 0x1000)
    return h

def put(buf, off, data):
    if len(buf) < off + len(data):
        buf += bytes(off + len(data) - len(buf))
    buf[off:off + len(data)] = data
    return buf

def mb1(flags, extra=b""):
    m = 0x1BADB002
    return struct.pack("<III", m, flags, (-(m + flags)) & 0xffffffff) + extra

def mb2(tags):
    m = 0xE85250D6
    body = b"".join(tags) + struct.pack("<HHI", 0, 0, 8)
    n = 16 + len(body)
    return struct.pack("<IIII", m, 0, n, (-(m + n)) & 0xffffffff) + body

def tag(t, flags, payload):
    b = struct.pack("<HHI", t, flags, 8 + len(payload)) + payload
    return b + bytes((-len(b)) % 8)

TEXT = [(1, 5, 0x1000, 0x200000, 0x100, 0x1000),
        (1, 6, 0x1100, 0x210000, 0x20, 0x2000)]
seeds = {}
img = elf(0, 0x200010, TEXT)
seeds["mb1_elf32"] = put(put(img, 0x100, mb1(3)), 0x1000, bytes(range(256)) * 2)
img = elf(1, 0x200010, TEXT)
seeds["mb1_elf64"] = put(put(img, 0x100, mb1(2)), 0x1000, b"\x90" * 0x200)
aout = bytearray(b"\xf4" * 0x400)
seeds["mb1_aout"] = put(aout, 0x40, mb1(0x10003, struct.pack(
    "<IIIII", 0x100040, 0x100000, 0x100400, 0x103000, 0x100080)))
img = elf(0, 0x200010, TEXT)
req = tag(1, 0, struct.pack("<IIII", 1, 3, 6, 14))
seeds["mb2_elf32"] = put(put(img, 0x100, mb2([req, tag(6, 0, b"")])),
                         0x1000, b"\x90" * 0x200)
aout = bytearray(b"\xf4" * 0x400)
seeds["mb2_aout"] = put(aout, 0x40, mb2([
    tag(2, 0, struct.pack("<IIII", 0x100040, 0x100000, 0x100400, 0x103000)),
    tag(3, 0, struct.pack("<I", 0x100080)), tag(4, 1, struct.pack("<I", 1))]))
seeds["elf64"] = put(elf(1, 0x400010, [(1, 7, 0x1000, 0x400000, 0x100,
                                        0x2000)]), 0x1000, b"\x90" * 0x100)
seeds["flat"] = bytearray(b"\xeb\xfe" * 256)

def note(ntype, desc):
    return struct.pack("<III", 6, len(desc), ntype) + b"Solo5\0\0\0" + desc

def mft_entry(name, etype):
    return name.ljust(68, b"\0") + struct.pack("<I", etype) + bytes(32)

# A Solo5 hvt unikernel: text R E, rodata R, data RW at 1 MiB (p_align 4
# KiB, as Solo5's linker script gives), the ABI note (target 1, version
# 2) and a manifest of block "storage" and net "service0".
abi = note(0x31494241, struct.pack("<IIII", 1, 2, 0, 0))
mft = note(0x3154464d, bytes(4) + struct.pack("<II", 1, 3) +
           mft_entry(b"", 0x40000000) + mft_entry(b"storage", 1) +
           mft_entry(b"service0", 2))
img = elf(1, 0x100010, [(1, 5, 0x1000, 0x100000, 0x100, 0x100),
                        (1, 4, 0x2000, 0x101000, 0x40, 0x40),
                        (1, 6, 0x3000, 0x102000, 0x40, 0x2000),
                        (4, 4, 0x4000, 0, len(abi), 0),
                        (4, 4, 0x4100, 0, len(mft), 0)])
img = put(img, 0x1000, b"\xf4" * 0x100)
seeds["hvt"] = put(put(img, 0x4000, abi), 0x4100, mft)

# A Linux bzImage: protocol 2.15, 64-bit, relocatable, 4 setup sectors,
# pref_address 4 MiB, init_size 1 MiB (the modules become its initramfs
# when there is one; the fuzzer also tries two, refused).
bz = bytearray(0x1000)
struct.pack_into("<B", bz, 0x1f1, 4)
struct.pack_into("<H", bz, 0x1fe, 0xaa55)
struct.pack_into("<BB", bz, 0x200, 0xeb, 0x6a)
struct.pack_into("<IH", bz, 0x202, 0x53726448, 0x020f)
struct.pack_into("<B", bz, 0x211, 1)
struct.pack_into("<IIBBHI", bz, 0x22c, 0x7fffffff, 0x200000, 1, 21, 0x7f,
                 2047)
struct.pack_into("<QI", bz, 0x258, 0x400000, 0x100000)
seeds["bzimage"] = put(bz, 0xa00, b"\x90" * 0x600)

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, body in seeds.items():
    flat = name == "flat"
    # preamble: flags (ACPI 2.0 RSDP), 8 MiB of RAM, 2 modules (none for
    # the flat blob, one, its initramfs, for the bzImage), 12-byte
    # command line, module slices of 256 and 512 bytes.
    mods = 0 if flat else 1 if name == "bzimage" else 2
    pre = bytes([int(flat) | 2, 112, mods, 12, 1, 2, 0, 0])
    with open(os.path.join(out, name), "wb") as f:
        f.write(pre + bytes(body))
