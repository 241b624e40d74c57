"""Write the charts' font: DejaVu Sans cut down to the characters a Vietnamese or English
report draws (Latin, Vietnamese letters, combining marks, dashes and quotes), so that the PNG
charts need no font installed on the machine and the crate carries ~70 kB rather than 750 kB.

    pip install fonttools
    python scripts/chart_font.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

DejaVu's licence (Bitstream Vera's: free to embed, change and redistribute; a changed font
must not be named "Bitstream" or "Vera", which DejaVu is not) is in `LICENSE` beside the font,
and the subset keeps the name table's licence entries.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parent.parent / "src" / "report" / "charts" / "fonts"
RANGES = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1: no-break space, °, ±, ×, ·
    (0x100, 0x17F),  # Latin Extended-A: Đ đ, Ă ă, Ĩ ĩ, Ũ ũ
    (0x1A0, 0x1B0),  # Ơ ơ, Ư ư
    (0x300, 0x323),  # combining marks (text in NFD form)
    (0x1EA0, 0x1EF9),  # Vietnamese precomposed letters
    (0x2013, 0x2014),  # – —
    (0x2018, 0x201D),  # ‘ ’ “ ”
    (0x2026, 0x2026),  # …
    (0x2030, 0x2030),  # ‰
    (0x2192, 0x2192),  # →
    (0x2212, 0x2212),  # −
    (0x2264, 0x2265),  # ≤ ≥
]


def main(source: str) -> None:
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["kern", "ccmp", "mark", "mkmk"]
    font = subset.load_font(source, options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[c for lo, hi in RANGES for c in range(lo, hi + 1)])
    sub.subset(font)
    subset.save_font(font, str(OUT / "DejaVuSans-subset.ttf"), options)


if __name__ == "__main__":
    main(sys.argv[1])
