"""``local``: the built-in intake service (``docket serve`` / ``docket intake``), the default.

The form posts to ``api/comments`` on the site's own origin unless ``endpoint`` says otherwise,
so no request leaves the site.  The service's own limits are set here too.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from pydantic import ConfigDict, with_config

from ..model import Draft
from .base import SETTINGS_CONFIG, CommonSettings, FormMarkup, SettingProblem, plain_names

NAME = "local"
TITLE = "Docket's intake service"
SITE_PATH = "api/comments"  # where `docket serve` and `docket intake` answer
RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
ORIGIN = re.compile(r"^https?://[^/\s]+$")


@with_config(ConfigDict(**SETTINGS_CONFIG))
@dataclass(kw_only=True)
class Settings(CommonSettings):
    endpoint: str = ""  # where the form posts; empty: api/comments on the site itself
    rate_limit: str | bool = "10/minute"  # submissions per client address; false: no limit
    allowed_origins: list[str] = field(default_factory=list)  # besides base_url's origin
    tracking_prefix: str = "DKT"
    # Proxies (addresses or networks) whose X-Forwarded-For names the client; none by default.
    trusted_proxies: list[str] = field(default_factory=list)


def rate(settings: Settings) -> tuple[int, int] | None:
    """(submissions, seconds) per client, or None for no limit."""
    if settings.rate_limit is False or settings.rate_limit in ("off", "none", "0"):
        return None
    match = RATE.match(str(settings.rate_limit))
    if not match or int(match[1]) == 0:
        return None
    return int(match[1]), SECONDS[match[2]]


def check(settings: Settings) -> list[SettingProblem]:
    problems = []
    if settings.rate_limit is True or (
        isinstance(settings.rate_limit, str)
        and settings.rate_limit not in ("off", "none")
        and not RATE.match(settings.rate_limit)
    ):
        problems.append(
            SettingProblem(
                "rate_limit",
                "rate_limit must look like 10/minute (per second, minute, hour or day), or be off",
            )
        )
    if settings.endpoint and not re.match(r"^(https?://[^/\s]+)?/\S*$", settings.endpoint):
        problems.append(
            SettingProblem(
                "endpoint",
                "endpoint must be a path on the site (/api/comments) or an http(s):// URL",
            )
        )
    for i, origin in enumerate(settings.allowed_origins):
        if not ORIGIN.match(origin.rstrip("/")):
            problems.append(
                SettingProblem(
                    f"allowed_origins.{i}", f"{origin!r} is not an origin like https://example.org"
                )
            )
    for i, proxy in enumerate(settings.trusted_proxies):
        try:
            ipaddress.ip_network(proxy.strip(), strict=False)
        except ValueError:
            problems.append(
                SettingProblem(
                    f"trusted_proxies.{i}",
                    f"{proxy!r} is not an IP address or network like 10.0.0.7 or 10.0.0.0/8",
                )
            )
    if not re.match(r"^[A-Z][A-Z0-9]{1,7}$", settings.tracking_prefix):
        problems.append(
            SettingProblem(
                "tracking_prefix", "tracking_prefix must be 2 to 8 capital letters or digits"
            )
        )
    return problems


def markup(settings: Settings, draft: Draft) -> FormMarkup:
    return FormMarkup(
        provider=NAME,
        title=TITLE,
        action=settings.endpoint,
        site_action="" if settings.endpoint else SITE_PATH,
        names=plain_names(),
        honeypot="website",
        fetch=True,
        language_param="lang",
    )
