#!/usr/bin/env python3
"""Reads RUN/tensorboard/events.out.tfevents.* with nothing but the standard library (struct and a
CRC32C written here), checks every record's framing and masked CRCs, decodes the Event protos and
compares every scalar with RUN/metrics.jsonl. An independent check of azr4j's TensorBoardWriter for
machines without TensorBoard; with TensorBoard installed, `tensorboard --logdir RUN/tensorboard`
is the real test.

usage: python3 check_tfevents.py RUN
"""
import glob
import json
import math
import os
import struct
import sys

_TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    _TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(c):
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, i):
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return v, i


def fields(buf):
    i = 0
    while i < len(buf):
        tag, i = varint(buf, i)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            v, i = varint(buf, i)
        elif wire == 1:
            v, i = buf[i:i + 8], i + 8
        elif wire == 5:
            v, i = buf[i:i + 4], i + 4
        elif wire == 2:
            n, i = varint(buf, i)
            v, i = buf[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % wire)
        yield field, wire, v


def events(path):
    data = open(path, "rb").read()
    i = 0
    while i < len(data):
        header = data[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (len_crc,) = struct.unpack("<I", data[i + 8:i + 12])
        assert len_crc == masked(crc32c(header)), "length CRC at offset %d" % i
        body = data[i + 12:i + 12 + length]
        (data_crc,) = struct.unpack("<I", data[i + 12 + length:i + 16 + length])
        assert data_crc == masked(crc32c(body)), "data CRC at offset %d" % i
        i += 16 + length
        ev = {"scalars": {}}
        for field, wire, v in fields(body):
            if field == 1:
                ev["wall_time"] = struct.unpack("<d", v)[0]
            elif field == 2:
                ev["step"] = v
            elif field == 3:
                ev["file_version"] = v.decode()
            elif field == 7:
                ev["session_status"] = dict((f, x) for f, _, x in fields(v)).get(1, 0)
            elif field == 5:
                for f, _, value in fields(v):
                    assert f == 1
                    tag = val = None
                    for vf, _, vv in fields(value):
                        if vf == 1:
                            tag = vv.decode()
                        elif vf == 2:
                            val = struct.unpack("<f", vv)[0]
                    ev["scalars"][tag] = val
        yield ev


def main():
    run = sys.argv[1]
    assert crc32c(b"123456789") == 0xE3069283
    files = sorted(glob.glob(os.path.join(run, "tensorboard", "events.out.tfevents.*")))
    assert files, "no event files"
    rows = {}
    for line in open(os.path.join(run, "metrics.jsonl")):
        if line.strip():
            r = json.loads(line)
            rows[r["step"]] = r
    checked = 0
    for f in files:
        evs = list(events(f))
        assert evs[0].get("file_version") == "brain.Event:2", evs[0]
        assert evs[1].get("session_status") == 1, "a SessionLog START event second: %s" % evs[1]
        for ev in evs[2:]:
            row = rows[ev["step"]]
            for tag, v in ev["scalars"].items():
                want = row[tag]
                want = float(want) if isinstance(want, str) else want
                assert (math.isnan(v) and math.isnan(want)) or abs(v - struct.unpack("<f", struct.pack("<f", want))[0]) == 0, (tag, v, want)
                checked += 1
            numeric = {k for k, x in row.items() if k != "step" and (isinstance(x, (int, float)) and not isinstance(x, bool) or x in ("NaN", "Infinity", "-Infinity"))}
            assert numeric == set(ev["scalars"]), numeric ^ set(ev["scalars"])
    print("ok: %d file(s), %d scalars equal to metrics.jsonl, every CRC valid" % (len(files), checked))


if __name__ == "__main__":
    main()
