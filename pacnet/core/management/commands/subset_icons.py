"""Rewrite the icon font subset from the icons the templates use (needs the dev extra)."""

from django.core.management.base import BaseCommand

from pacnet.core.icons import CSS_NAME, FONT_NAME, ICONS_DIR, icons_subset, used_icon_names


class Command(BaseCommand):
    help = "Rewrite core/static/core/icons/ with only the Bootstrap Icons the pages use."

    def handle(self, *args, **options):
        names = used_icon_names()
        css, font = icons_subset(names)
        ICONS_DIR.mkdir(parents=True, exist_ok=True)
        (ICONS_DIR / CSS_NAME).write_text(css, encoding="utf-8")
        (ICONS_DIR / FONT_NAME).write_bytes(font)
        self.stdout.write(f"{len(names)} icons, font {len(font):,} bytes")
