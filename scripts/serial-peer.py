#!/usr/bin/env python3
"""The other end of Bochs' COM1 for a test that types at the guest.

    serial-peer.py PORT_FILE LOG SCRIPT

Listens on a free port of 127.0.0.1 and writes its number to PORT_FILE,
for Bochs' `com1: mode=socket-client` to connect to; then writes every
byte the machine sends to LOG (as `mode=file` would) and follows SCRIPT,
one step per line:

    expect REGEX    wait until what came since the last match matches
    send TEXT       type TEXT (\\n, \\r, \\t and \\\\ are escapes), one byte
                    per millisecond, slower than a 115200-baud line
    # ...           a comment; blank lines are skipped

A step that waits longer than STEP_TIMEOUT seconds ends the script (the
test then fails on the lines it expected); the peer itself ends when
Bochs closes the connection, or when nobody connects within
CONNECT_TIMEOUT seconds.
"""
import os
import re
import socket
import sys
import time

CONNECT_TIMEOUT = 60
STEP_TIMEOUT = 600
SEEN_MAX = 65536
ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}


def unescape(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)),
                  text)


def parse(path):
    steps = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            verb, _, arg = line.partition(" ")
            if verb == "expect":
                steps.append((verb, re.compile(arg)))
            elif verb == "send":
                steps.append((verb, unescape(arg).encode()))
            else:
                sys.exit(f"serial-peer: {path}:{n}: unknown step '{verb}'")
    return steps


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: serial-peer.py PORT_FILE LOG SCRIPT")
    port_file, log_path, script = sys.argv[1:]
    steps = parse(script)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(CONNECT_TIMEOUT)
    with open(port_file + ".tmp", "w") as f:
        f.write(f"{server.getsockname()[1]}\n")
    # Renamed into place: the reader never sees half a number.
    os.rename(port_file + ".tmp", port_file)
    try:
        conn, _ = server.accept()
    except socket.timeout:
        sys.exit("serial-peer: Bochs did not connect")
    conn.settimeout(0.05)
    seen = ""          # text since the last match
    step = 0
    waited_since = time.monotonic()
    with open(log_path, "ab", buffering=0) as log:
        while True:
            try:
                data = conn.recv(4096)
                if not data:
                    break
                log.write(data)
                # What a pending step may still match: the recent text.
                seen = (seen + data.decode("latin-1"))[-SEEN_MAX:]
            except socket.timeout:
                pass
            except OSError:
                break
            while step < len(steps):
                verb, arg = steps[step]
                if verb == "expect":
                    m = arg.search(seen)
                    if not m:
                        break
                    seen = seen[m.end():]
                else:
                    try:
                        for b in arg:
                            conn.sendall(bytes([b]))
                            time.sleep(0.001)
                    except OSError:
                        step = len(steps)     # the machine is gone
                        break
                step += 1
                waited_since = time.monotonic()
            if step < len(steps) and \
               time.monotonic() - waited_since > STEP_TIMEOUT:
                print(f"serial-peer: step {step + 1} timed out",
                      file=sys.stderr)
                step = len(steps)
    conn.close()


if __name__ == "__main__":
    main()
