"""Build hook: compile the gettext catalogs (.po) into the .mo files the installed package reads.

The .mo files are built, not committed: they are binary, and every merge that touches a .po would conflict on them.
A wheel (``pip install .``) gets them from this hook; a source checkout reads the .po through Babel instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = Path(self.root) / "kasuhara_sim" / "locale"
        out = Path(tempfile.mkdtemp(prefix="kasuhara-sim-mo-"))
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(locale).with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as src, target.open("wb") as dst:
                write_mo(dst, read_po(src, locale=relative.parts[0]))
            build_data["force_include"][str(target)] = f"kasuhara_sim/locale/{relative.as_posix()}"
