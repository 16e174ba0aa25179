"""Draw the example's images with Pillow, so that every pixel shipped here is our own.

    python3 examples/elements/make_images.py

writes reading-room.jpg (a drawn scene, RGB JPEG), visitors.png (a bar chart on a transparent
background, to show that transparency is flattened for print) and shelf.jpg. The output is the
same on every run: no randomness, fixed JPEG quality.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent


def reading_room(width: int = 1200, height: int = 800) -> Image.Image:
    """A reading room: a window with sky, shelves of coloured books, a table and lamps."""
    image = Image.new("RGB", (width, height), (236, 226, 206))
    draw = ImageDraw.Draw(image)
    for y in range(0, 330):  # the window: sky fading to the horizon
        t = y / 330
        draw.line([(80, 60 + y), (520, 60 + y)], fill=(int(120 + 100 * t), int(170 + 60 * t), 235))
    draw.rectangle([80, 60, 520, 390], outline=(120, 90, 60), width=14)
    draw.line([(300, 60), (300, 390)], fill=(120, 90, 60), width=10)
    draw.ellipse([380, 110, 450, 180], fill=(255, 236, 170))
    palette = [(170, 60, 50), (60, 100, 150), (200, 160, 60), (70, 130, 90), (130, 80, 140)]
    for shelf in range(4):  # a bookcase on the right
        top = 80 + shelf * 130
        draw.rectangle([620, top + 110, 1140, top + 122], fill=(110, 75, 45))
        x = 630
        n = 0
        while x < 1120:
            w = 18 + (n * 7) % 17
            h = 70 + (n * 13) % 35
            draw.rectangle([x, top + 110 - h, x + w, top + 110], fill=palette[(n + shelf) % 5])
            x += w + 3
            n += 1
    draw.polygon([(60, 620), (1140, 620), (1060, 540), (140, 540)], fill=(150, 105, 65))
    for lamp in (300, 700):
        draw.line([(lamp, 540), (lamp, 470)], fill=(60, 60, 60), width=6)
        draw.polygon([(lamp - 45, 470), (lamp + 45, 470), (lamp + 25, 420), (lamp - 25, 420)],
                     fill=(90, 140, 90))
    draw.rectangle([0, 620, width, height], fill=(190, 160, 120))
    return image


def visitors(width: int = 2100, height: int = 780) -> Image.Image:
    """Monthly visitors as bars on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    values = [32, 41, 45, 52, 60, 58, 71, 83, 79, 88, 95, 104]
    base = height - 60
    step = (width - 200) // len(values)
    for i, value in enumerate(values):
        x = 140 + i * step
        top = base - value * 6
        draw.rectangle([x, top, x + step - 40, base], fill=(40, 90, 150, 255))
        draw.rectangle([x, top, x + step - 40, top + 12], fill=(230, 120, 40, 255))
    draw.line([(100, base), (width - 40, base)], fill=(30, 30, 30, 255), width=6)
    draw.line([(100, 40), (100, base)], fill=(30, 30, 30, 255), width=6)
    for k in range(1, 7):
        y = base - k * 100
        draw.line([(100, y), (width - 40, y)], fill=(30, 30, 30, 70), width=2)
    return image


def shelf(width: int = 1100, height: int = 1375) -> Image.Image:
    """A tall picture: a single bookcase, to show a portrait figure in a column."""
    image = Image.new("RGB", (width, height), (244, 238, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle([130, 66, 970, 1320], fill=(125, 85, 50))
    palette = [(180, 70, 60), (60, 110, 160), (210, 170, 70), (80, 140, 100), (140, 90, 150)]
    for row in range(5):
        top = 100 + row * 242
        draw.rectangle([165, top, 935, top + 209], fill=(235, 222, 200))
        x, n = 182, row
        while x < 912:
            w = 26 + (n * 11) % 21
            h = 120 + (n * 17) % 60
            draw.rectangle([x, top + 209 - h, x + w, top + 209], fill=palette[n % 5])
            x += w + 4
            n += 1
    return image


def main() -> None:
    # The photos are drawn small and enlarged so that they have 300 dpi at a column's width in
    # both built-in styles (241.5pt magazine, 312pt handout columns need 1300 pixels).
    room = reading_room().resize((1500, 1000), Image.Resampling.LANCZOS)
    room.save(HERE / "reading-room.jpg", quality=88, optimize=False)
    visitors().save(HERE / "visitors.png", optimize=True)
    tall = shelf().resize((1400, 1750), Image.Resampling.LANCZOS)
    tall.save(HERE / "shelf.jpg", quality=88, optimize=False)


if __name__ == "__main__":
    main()
