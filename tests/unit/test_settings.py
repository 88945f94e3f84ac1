"""Settings: defaults in one place, bad values named, audiences, redaction."""

from __future__ import annotations

import pytest
from interview_portfolio.errors import ConfigError
from interview_portfolio.settings import audience_from_env, from_extra


def test_defaults():
    settings = from_extra(None, "me")
    assert (settings.stories_dir, settings.words_per_minute, settings.audience) == ("stories", 150, "me")
    assert len(settings.vocabulary) == 13 and not settings.redacting


def test_audience_defaults_to_public_and_rejects_unknown():
    assert audience_from_env("") == "public"
    assert audience_from_env("Interviewer") == "interviewer"
    with pytest.raises(ConfigError, match="unknown audience 'friends'"):
        audience_from_env("friends")


@pytest.mark.parametrize(("extra", "message"), [
    ({"portfolio": {"stories": "x"}}, "unknown key"),
    ({"portfolio": {"words_per_minute": 5}}, "from 60 to 300"),
    ({"portfolio": {"redact": ["Acme"]}}, "must map terms"),
    ({"portfolio": {"competencies": 3}}, "list of names or a mapping"),
    ({"portfolio": "yes"}, "must be a mapping"),
])
def test_bad_settings_name_the_key(extra, message):
    with pytest.raises(ConfigError, match=message):
        from_extra(extra, "me")


def test_redaction_applies_only_outside_the_candidates_own_build():
    extra = {"portfolio": {"redact": {"Barclays": "a global bank", "Barclays Bank": "a bank"}}}
    assert from_extra(extra, "me").redact_text("Barclays") == "Barclays"
    public = from_extra(extra, "public")
    assert public.redact_text("At Barclays Bank and BARCLAYS") == "At a bank and a global bank"
