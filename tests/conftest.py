"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""
from conftest_site import browser, built_site, chromium_path, site_url  # noqa: F401  (site and browser tests)
