from django.conf import settings
from django.core.management.base import BaseCommand

from detection.icons import write_icons


class Command(BaseCommand):
    help = "Draw the app icons (192 and 512 px, maskable too) into static/icons/."

    def handle(self, *args, **options) -> None:
        for path in write_icons(settings.BASE_DIR / "static" / "icons"):
            self.stdout.write(str(path.relative_to(settings.BASE_DIR)))
