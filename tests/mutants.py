"""Damaged copies of good PDFs for the mutation fuzz test: truncated, with flipped bytes,
with an object deleted, or with the cross-reference offsets shuffled. Seeded, so the
same mutants are made on every machine."""
from __future__ import annotations

import random
import re

KINDS = ("truncate", "flip", "delete-object", "shuffle-xref")
_OBJ = re.compile(rb"\d+ \d+ obj\b.*?endobj", re.S)
_XREF_ENTRY = re.compile(rb"\d{10} \d{5} n(?= ?\r?\n| \r)")


def mutate(data: bytes, kind: str, rnd: random.Random) -> bytes:
    if kind == "truncate":
        return data[: rnd.randrange(16, len(data))]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rnd.randint(1, 40)):
            out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
        return bytes(out)
    if kind == "delete-object":
        objects = list(_OBJ.finditer(data))
        if not objects:
            return mutate(data, "truncate", rnd)
        m = rnd.choice(objects)
        return data[:m.start()] + b" " * (m.end() - m.start()) + data[m.end():]
    # shuffle-xref: the table's offsets, or (for a cross-reference stream) startxref's
    entries = list(_XREF_ENTRY.finditer(data))
    if len(entries) > 1:
        offsets = [e.group()[:10] for e in entries]
        rnd.shuffle(offsets)
        out = bytearray(data)
        for e, off in zip(entries, offsets):
            out[e.start():e.start() + 10] = off
        return bytes(out)
    at = data.rfind(b"startxref")
    end = data.find(b"%%EOF", at)
    if at < 0 or end < 0:
        return mutate(data, "flip", rnd)
    return data[:at] + b"startxref\n%d\n" % rnd.randrange(len(data)) + data[end:]


def mutants(sources: dict[str, bytes], n: int, seed: int = 13,
            weights: dict[str, int] | None = None) -> list[tuple[str, bytes]]:
    """`n` (name, bytes) mutants: each pass over the sources (each `weights[name]` times,
    default once) applies one kind of damage, the kinds taking turns."""
    rnd, out = random.Random(seed), []
    cycle = [name for name in sorted(sources) for _ in range((weights or {}).get(name, 1))]
    for i in range(n):
        name, kind = cycle[i % len(cycle)], KINDS[(i // len(cycle)) % len(KINDS)]
        out.append((f"{i:03d}-{kind}-{name}", mutate(sources[name], kind, rnd)))
    return out
