from __future__ import annotations

import pytest

from kasuhara_sim import i18n


@pytest.fixture
def english():
    """The UI in English for one test; Japanese again afterwards, whatever happens."""
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("ja")
