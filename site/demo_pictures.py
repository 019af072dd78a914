"""The demo's pictures: drawings made on the fly of what their alternative
text says (a project's façade, a row of houses), kept once in Wagtail's images."""

import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model


def drawing(colour: tuple[int, int, int], label: str, kind: str = "facade") -> ImageFile:
    """A drawing of what the alternative text says (issue 24: demo images show what their
    alt text says): one building's façade for a project, a row of houses for the news.
    The alt texts call them drawings, since they are no photos."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    sky, ground, glass = (214, 232, 245), (128, 128, 120), (235, 242, 250)
    light = tuple(min(255, c + 60) for c in colour)
    canvas = PILImage.new("RGB", (960, 640), sky)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle([0, 560, 960, 640], fill=ground)
    if kind == "houses":
        for n, left in enumerate(range(40, 900, 220)):
            wall = colour if n % 2 == 0 else light
            draw.rectangle([left, 330, left + 190, 560], fill=wall, outline=(60, 60, 60), width=3)
            draw.polygon([(left - 15, 330), (left + 95, 230), (left + 205, 330)], fill=(150, 60, 50), outline=(60, 60, 60))
            draw.rectangle([left + 75, 450, left + 115, 560], fill=(90, 60, 40))  # door
            for x in (left + 20, left + 135):
                draw.rectangle([x, 370, x + 35, 420], fill=glass, outline=(60, 60, 60), width=2)
    else:
        # One building of four storeys: windows on a grid, a door, a flat roof's edge.
        draw.rectangle([180, 120, 780, 560], fill=colour, outline=(50, 50, 50), width=4)
        draw.rectangle([165, 105, 795, 125], fill=(70, 70, 70))
        for row in range(4):
            for column in range(5):
                x, y = 215 + column * 112, 150 + row * 100
                if row == 3 and column == 2:
                    draw.rectangle([x - 5, y - 10, x + 65, 560], fill=(90, 60, 40), outline=(50, 50, 50), width=3)
                    continue
                draw.rectangle([x, y, x + 56, y + 64], fill=glass, outline=light, width=5)
    data = io.BytesIO()
    canvas.save(data, format="PNG")
    return ImageFile(data, name=f"{label}.png")


def picture(title: str, colour: tuple[int, int, int], kind: str = "facade"):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, file=drawing(colour, title.replace(" ", "-"), kind))
        image.save()
    return image
