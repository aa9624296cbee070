#!/usr/bin/env python3
"""Tux's deepfry pipeline on Pillow, timed on the given files; the baseline of `npm run bench -- deepfry`.

Usage: deepfry_pillow.py RUNS FILE...  -> one JSON object: {FILE: {"median_ms": float, "bytes": int}}
Exit code 3 when Pillow is missing (install Debian's python3-pil).
"""
import io
import json
import statistics
import sys
import time

try:
    from PIL import Image, ImageEnhance, ImageOps
except ImportError:
    print("Pillow is not installed (apt-get install python3-pil)", file=sys.stderr)
    sys.exit(3)


def deepfry(image):
    """Tux's recipe, step for step."""
    image = image.convert("RGB")
    image = image.resize((int(image.width * 0.25), int(image.height * 0.25)))
    image = ImageEnhance.Sharpness(image).enhance(100.0)
    r = image.split()[0]
    r = ImageEnhance.Contrast(r).enhance(2.0)
    r = ImageEnhance.Brightness(r).enhance(1.5)
    r = ImageOps.colorize(r, "#fe0002", "#ffff0f")
    image = Image.blend(image, r, 0.75)
    return image.resize((int(image.width * 4), int(image.height * 4)))


def once(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    out = io.BytesIO()
    deepfry(image).save(out, format="JPEG", quality=1)
    return out.getbuffer().nbytes


def main():
    runs = int(sys.argv[1])
    result = {}
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        once(data)  # warm-up
        times = []
        size = 0
        for _ in range(runs):
            t = time.perf_counter()
            size = once(data)
            times.append((time.perf_counter() - t) * 1000)
        result[path] = {"median_ms": statistics.median(times), "bytes": size}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
