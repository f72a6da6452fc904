#!/usr/bin/env python3
"""Prints the colour of one pixel of a PNG as "r,g,b" (python3 stdlib only).

Usage: pixel.py FILE.png [X Y]   (default: the middle of the image)

Decodes what Firefox's --screenshot writes and more: 8-bit greyscale, grey+alpha,
RGB, RGBA and palette images (16-bit samples are reduced to their high byte),
non-interlaced, with the five scanline filters. Exit 2 with one line on stderr when
the file is not such a PNG.
"""
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunks(data):
    pos = len(SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("truncated %s chunk" % kind.decode("latin-1"))
        yield kind, body
        pos += 12 + length
        if kind == b"IEND":
            return
    raise ValueError("no IEND chunk")


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, width, height, bpp, stride):
    """Yields the reconstructed scanlines (bytearrays of `stride` bytes)."""
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if len(line) != stride:
            raise ValueError("image data too short")
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 0xFF
        elif ftype != 0:
            raise ValueError("unknown filter type %d" % ftype)
        yield line
        prev = line


def pixel(path, x=None, y=None):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    header, idat, palette = None, [], None
    for kind, body in chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat.append(body)
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, ctype, _comp, _filt, interlace = header
    if ctype not in CHANNELS or depth not in (8, 16):
        raise ValueError("unsupported colour type %d / bit depth %d" % (ctype, depth))
    if interlace:
        raise ValueError("interlaced PNGs are not supported")
    x = width // 2 if x is None else x
    y = height // 2 if y is None else y
    if not (0 <= x < width and 0 <= y < height):
        raise ValueError("pixel %d,%d outside the %dx%d image" % (x, y, width, height))
    sample = depth // 8
    bpp = CHANNELS[ctype] * sample
    raw = zlib.decompress(b"".join(idat))
    for row, line in enumerate(unfilter(raw, width, height, bpp, width * bpp)):
        if row == y:
            px = line[x * bpp:(x + 1) * bpp][::sample]  # high bytes of each sample
            break
    if ctype == 0 or ctype == 4:
        return px[0], px[0], px[0]
    if ctype == 3:
        if palette is None or 3 * px[0] + 3 > len(palette):
            raise ValueError("palette index out of range")
        return tuple(palette[3 * px[0]:3 * px[0] + 3])
    return px[0], px[1], px[2]


def main(argv):
    if len(argv) not in (2, 4):
        sys.stderr.write("usage: pixel.py FILE.png [X Y]\n")
        return 2
    try:
        xy = (int(argv[2]), int(argv[3])) if len(argv) == 4 else (None, None)
        r, g, b = pixel(argv[1], *xy)
    except (OSError, ValueError, zlib.error, struct.error) as e:
        sys.stderr.write("pixel.py: %s: %s\n" % (argv[1], e))
        return 2
    print("%d,%d,%d" % (r, g, b))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
