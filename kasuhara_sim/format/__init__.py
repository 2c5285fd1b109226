"""The files an instructor writes and how they are read: the scenario model and format v1, the YAML reader
with positions, the loader, the library of scenario sources, ○× quiz banks, the JSON Schema, the scaffold of a
new scenario, and the PATH:LINE:COL diagnostics. The lowest room of the core: below it are only ``display`` and
``strings``."""
