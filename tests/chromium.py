"""What every browser test shares: Debian's Chromium, its flags, and a phone in Klang."""

import os

# Playwright's sync API runs an event loop in the test's thread; the ORM refuses to run beside
# one unless told that it is safe, which it is here: the test, not the loop, makes the queries.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# No sandbox as root; no calls home from a machine with no internet (they fail, many at a time).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KLANG_FIX = {"latitude": 3.0449, "longitude": 101.4450, "accuracy": 12}
PHONE = {
    "viewport": {"width": 412, "height": 915},
    "device_scale_factor": 2.625,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0.0.0 Mobile Safari/537.36"
    ),
    "locale": "en-MY",
    "timezone_id": "Asia/Kuala_Lumpur",
    "geolocation": KLANG_FIX,
    "permissions": ["geolocation"],
}
