"""StreamField blocks of the public pages (house style 7: blocks live here,
their templates in templates/blocks/)."""

import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


BODY_IMAGE_RENDITION = "max-1200x800"


class RenditionImageChooserBlock(ImageChooserBlock):
    """Images of a stream fetched together with the rendition the block
    template shows: two queries for any number of images, not one each."""

    def bulk_to_python(self, values):
        from wagtail.images import get_image_model

        objects = get_image_model().objects.prefetch_renditions(BODY_IMAGE_RENDITION).in_bulk(values)
        seen, result = set(), []
        for id in values:
            found = objects.get(id)
            # As Wagtail does: a repeated image is a distinct instance.
            result.append(copy.copy(found) if found is not None and id in seen else found)
            seen.add(id)
        return result


class ImageBlock(blocks.StructBlock):
    """An image with its alternative text required: WCAG 1.1.1."""

    image = RenditionImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(label=_("alternative text"), max_length=250, help_text=_("What the image shows, for people who cannot see it."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    author = blocks.CharBlock(label=_("author"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "blocks/quote_block.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("figure"), max_length=40, help_text=_("For instance 107 or 55%."))
    label = blocks.CharBlock(label=_("what it counts"), max_length=160)


class KeyFiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(KeyFigureBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Key figures")
        template = "blocks/key_figures_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title"), max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "blocks/document_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", template="blocks/heading_block.html", icon="title")
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    document = DocumentBlock()


class ProgrammeItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(label=_("time"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("Programme item")


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=120)
    role = blocks.CharBlock(label=_("role"), max_length=200, required=False)

    class Meta:
        icon = "user"
        label = _("Speaker")


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=160)
    role = blocks.CharBlock(label=_("role in the project"), max_length=200, required=False)

    class Meta:
        icon = "group"
        label = _("Partner")


class HomeTypeBlock(blocks.StructBlock):
    size = blocks.CharBlock(label=_("size"), max_length=80, help_text=_("For instance: 2 bedrooms."))
    count = blocks.IntegerBlock(label=_("number of homes"), min_value=0)

    class Meta:
        icon = "home"
        label = _("Homes of one size")


class FundingShareBlock(blocks.StructBlock):
    source = blocks.CharBlock(label=_("source"), max_length=160)
    percent = blocks.IntegerBlock(label=_("share (%)"), min_value=0, max_value=100)

    class Meta:
        icon = "pick"
        label = _("Funding share")


class FundingBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FundingShareBlock(), **kwargs)

    class Meta:
        icon = "pick"
        label = _("Financing split")
