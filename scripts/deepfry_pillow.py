#!/usr/bin/env python3
"""Tux's deepfry pipeline on Pillow, timed on the given files; the baseline of `npm run bench -- deepfry`.

Usage: deepfry_pillow.py RUNS FILE...
  -> one JSON object: {FILE: {"median_ms": float, "times_ms": [float...], "bytes": int}}
       deepfry_pillow.py recipe WIDTH HEIGHT SEED
  -> the recipe's steps after the downscale, on a seeded RGB test image of that size, as JSON
     {"width", "height", "input", "output"} (packed RGB, base64): the test fixture of Tux's own recipe.
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
    return upscale(recipe(image))


def recipe(image):
    """The steps between the two resizes."""
    image = ImageEnhance.Sharpness(image).enhance(100.0)
    r = image.split()[0]
    r = ImageEnhance.Contrast(r).enhance(2.0)
    r = ImageEnhance.Brightness(r).enhance(1.5)
    r = ImageOps.colorize(r, "#fe0002", "#ffff0f")
    return Image.blend(image, r, 0.75)


def upscale(image):
    return image.resize((int(image.width * 4), int(image.height * 4)))


def once(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    out = io.BytesIO()
    deepfry(image).save(out, format="JPEG", quality=1)
    return out.getbuffer().nbytes


def recipe_fixture(width, height, seed):
    import base64
    import random

    # Gentle gradients with a little noise: much of the sharpened image is then not clipped, so every step counts.
    rng = random.Random(seed)
    data = bytes(
        max(0, min(255, 3 * x + 2 * y + 60 * c + rng.randrange(-3, 4)))
        for y in range(height)
        for x in range(width)
        for c in range(3)
    )
    image = Image.frombytes("RGB", (width, height), data)
    out = recipe(image).tobytes()
    b64 = lambda b: base64.b64encode(b).decode("ascii")
    return {"width": width, "height": height, "input": b64(data), "output": b64(out)}


def main():
    if sys.argv[1] == "recipe":
        print(json.dumps(recipe_fixture(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
        return
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
        result[path] = {"median_ms": statistics.median(times), "times_ms": times, "bytes": size}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
