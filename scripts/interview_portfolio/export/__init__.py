"""Export: the PDF printer (the system Chromium, driven by Playwright, prints pages of the built site)."""
