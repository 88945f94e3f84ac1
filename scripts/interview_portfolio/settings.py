"""Portfolio settings: ``extra.portfolio`` in mkdocs.yml, plus the audience of a build.

The one place that knows the defaults. The audience comes from ``PORTFOLIO_AUDIENCE`` (set by the
CLI and make; ``public`` when unset, so a bare ``mkdocs build`` never publishes private stories).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from .errors import ConfigError
from .stories.vocabulary import Competency, build_vocabulary

Audience = Literal["me", "public", "interviewer"]
AUDIENCES: tuple[Audience, ...] = ("me", "public", "interviewer")
AUDIENCE_ENV = "PORTFOLIO_AUDIENCE"
SITE_URL_ENV = "PORTFOLIO_SITE_URL"


@dataclass(frozen=True)
class Settings:
    stories_dir: str = "stories"
    words_per_minute: int = 150
    vocabulary: dict[str, Competency] = field(default_factory=lambda: build_vocabulary(None))
    redact: dict[str, str] = field(default_factory=dict)
    audience: Audience = "public"

    @property
    def private_excluded(self) -> bool:
        return self.audience != "me"

    @property
    def redacting(self) -> bool:
        return self.audience != "me" and bool(self.redact)

    def redact_text(self, text: str) -> str:
        """``text`` with every confidential term replaced (public and interviewer builds only)."""
        if not self.redacting:
            return text
        return redaction_pattern(self.redact).sub(lambda m: self.redact[term_key(self.redact, m.group(0))], text)


def term_key(redact: dict[str, str], found: str) -> str:
    return next(term for term in redact if term.lower() == found.lower())


def redaction_pattern(redact: dict[str, str]) -> re.Pattern[str]:
    terms = sorted(redact, key=len, reverse=True)  # longest first: "Barclays Bank" before "Barclays"
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def audience_from_env(value: str | None = None) -> Audience:
    raw = (value if value is not None else os.environ.get(AUDIENCE_ENV, "")).strip().lower() or "public"
    if raw not in AUDIENCES:
        raise ConfigError(f"unknown audience {raw!r} ({AUDIENCE_ENV}): use one of {', '.join(AUDIENCES)}")
    return cast(Audience, raw)


def from_extra(extra: dict[str, Any] | None, audience: Audience | None = None) -> Settings:
    """Settings from the ``extra`` mapping of mkdocs.yml; ConfigError names the bad key."""
    raw = (extra or {}).get("portfolio") or {}
    if not isinstance(raw, dict):
        raise ConfigError("mkdocs.yml: extra.portfolio must be a mapping of settings")
    known = {"stories_dir", "words_per_minute", "competencies", "redact"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"mkdocs.yml: extra.portfolio: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    try:
        vocabulary = build_vocabulary(raw.get("competencies"))
    except ValueError as exc:
        raise ConfigError(f"mkdocs.yml: {exc}") from None
    wpm = raw.get("words_per_minute", 150)
    if not isinstance(wpm, int) or isinstance(wpm, bool) or not 60 <= wpm <= 300:
        raise ConfigError("mkdocs.yml: extra.portfolio.words_per_minute must be a whole number from 60 to 300")
    redact = raw.get("redact") or {}
    if not isinstance(redact, dict) or not all(isinstance(k, str) and k.strip() and isinstance(v, str)
                                                for k, v in redact.items()):
        raise ConfigError('mkdocs.yml: extra.portfolio.redact must map terms to replacements: {"Acme": "a bank"}')
    return Settings(
        stories_dir=str(raw.get("stories_dir", "stories")).strip("/") or "stories",
        words_per_minute=wpm,
        vocabulary=vocabulary,
        redact={k.strip(): v for k, v in redact.items()},
        audience=audience or audience_from_env(),
    )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/name:` or `!ENV` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read(config_file: Path, audience: Audience | None = None) -> Settings:
    """Settings from a mkdocs.yml on disk (for the CLI; the build reads MkDocs' own config)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except OSError as exc:
        raise ConfigError(f"{config_file}: cannot read it: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file}: not valid YAML: {exc}") from None
    return from_extra(config.get("extra") if isinstance(config, dict) else None, audience)
