"""The xAPI 1.0.3 data-model rules an LRS applies to a statement, written from the specification (xAPI-Data.md):
2.2 formatting (no nulls outside extensions, no unknown keys, types), 2.4 statement properties, 2.4.2 actor and
inverse functional identifiers, 2.4.3 verb, 2.4.4.1 activity and interaction definitions, 2.4.5 result and score,
2.4.6 context, 4.1 extensions, 4.2 language maps (RFC 5646), 4.4 UUIDs, 4.5 timestamps, 4.6 durations.

``problems(statement)`` returns a list of human-readable violations (empty: valid).
"""

from __future__ import annotations

import re
from datetime import datetime

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$")
# An absolute IRI: a scheme, then no whitespace (RFC 3987 in the best-effort form the spec allows, 2.2.s4.b6).
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
IRL = re.compile(r"^https?://[^\s/<>\"]+(/[^\s<>\"]*)?$")
MAILTO = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
# RFC 5646 language tag: language[-script][-region][-variant]* (the token lengths an LRS must check, 2.2.s4.b2).
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
                      r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[A-WY-Za-wy-z0-9](-[A-Za-z0-9]{2,8})+)*"
                      r"(-x(-[A-Za-z0-9]{1,8})+)?$")
# ISO 8601 duration, format of 4.4.3.2 (not the alternative format): PnYnMnDTnHnMnS or PnW.
DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?"
                      r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$|^P\d+W$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
                  "attachments"}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
ACTIVITY_KEYS = {"objectType", "id", "definition"}
DEFINITION_KEYS = {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                   "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}
COMPONENT_LISTS = {"choice": {"choices"}, "sequencing": {"choices"}, "likert": {"scale"},
                   "matching": {"source", "target"}, "performance": {"steps"}}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
SCORE_KEYS = {"scaled", "raw", "min", "max"}
CONTEXT_KEYS = {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
                "statement", "extensions"}
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _nulls(value, where: str, out: list[str]) -> None:
    if value is None:
        out.append(f"{where}: null value")
    elif isinstance(value, dict):
        for k, v in value.items():
            if k == "extensions":
                continue  # nulls are allowed inside extensions (2.2.s4.b1.b1)
            _nulls(v, f"{where}.{k}", out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _nulls(v, f"{where}[{i}]", out)


def _unknown(obj: dict, allowed: set[str], where: str, out: list[str]) -> None:
    for k in obj:
        if k not in allowed:
            out.append(f"{where}: key {k!r} is not allowed")


def _lang_map(m, where: str, out: list[str]) -> None:
    if not isinstance(m, dict) or not m:
        out.append(f"{where}: must be a non-empty language map")
        return
    for k, v in m.items():
        if not LANG_TAG.match(k):
            out.append(f"{where}: {k!r} is not an RFC 5646 language tag")
        if not isinstance(v, str):
            out.append(f"{where}[{k}]: must be a string")


def _extensions(m, where: str, out: list[str]) -> None:
    if not isinstance(m, dict):
        out.append(f"{where}: must be an object")
        return
    for k in m:
        if not IRI.match(k):
            out.append(f"{where}: key {k!r} is not an IRI")


def _agent(a, where: str, out: list[str]) -> None:
    if not isinstance(a, dict):
        out.append(f"{where}: must be an object")
        return
    _unknown(a, AGENT_KEYS, where, out)
    if a.get("objectType", "Agent") != "Agent":
        out.append(f"{where}.objectType must be 'Agent'")
    ifis = [k for k in IFIS if k in a]
    if len(ifis) != 1:
        out.append(f"{where}: needs exactly one inverse functional identifier, has {ifis}")
    if "name" in a and not isinstance(a["name"], str):
        out.append(f"{where}.name must be a string")
    if "mbox" in a and not (isinstance(a["mbox"], str) and MAILTO.match(a["mbox"])):
        out.append(f"{where}.mbox must be a mailto IRI")
    if "mbox_sha1sum" in a and not re.fullmatch(r"[0-9a-f]{40}", str(a["mbox_sha1sum"])):
        out.append(f"{where}.mbox_sha1sum must be a hex SHA-1")
    if "openid" in a and not IRI.match(str(a["openid"])):
        out.append(f"{where}.openid must be a URI")
    if "account" in a:
        acc = a["account"]
        if not isinstance(acc, dict) or set(acc) != {"homePage", "name"}:
            out.append(f"{where}.account must have exactly homePage and name")
        else:
            if not (isinstance(acc["homePage"], str) and IRL.match(acc["homePage"])):
                out.append(f"{where}.account.homePage must be an IRL")
            if not isinstance(acc["name"], str) or not acc["name"]:
                out.append(f"{where}.account.name must be a non-empty string")


def _activity(act, where: str, out: list[str]) -> None:
    if not isinstance(act, dict):
        out.append(f"{where}: must be an object")
        return
    _unknown(act, ACTIVITY_KEYS, where, out)
    if act.get("objectType", "Activity") != "Activity":
        out.append(f"{where}.objectType must be 'Activity'")
    if not (isinstance(act.get("id"), str) and IRI.match(act["id"])):
        out.append(f"{where}.id must be an IRI")
    d = act.get("definition")
    if d is None:
        return
    if not isinstance(d, dict):
        out.append(f"{where}.definition must be an object")
        return
    _unknown(d, DEFINITION_KEYS, f"{where}.definition", out)
    for key in ("name", "description"):
        if key in d:
            _lang_map(d[key], f"{where}.definition.{key}", out)
    if "type" in d and not (isinstance(d["type"], str) and IRI.match(d["type"])):
        out.append(f"{where}.definition.type must be an IRI")
    if "moreInfo" in d and not IRL.match(str(d["moreInfo"])):
        out.append(f"{where}.definition.moreInfo must be an IRL")
    if "extensions" in d:
        _extensions(d["extensions"], f"{where}.definition.extensions", out)
    itype = d.get("interactionType")
    lists = {k for k in ("choices", "scale", "source", "target", "steps") if k in d}
    if itype is None:
        if lists or "correctResponsesPattern" in d:
            out.append(f"{where}.definition: interaction properties without interactionType")
        return
    if itype not in INTERACTION_TYPES:
        out.append(f"{where}.definition.interactionType {itype!r} is not valid")
        return
    if not lists <= COMPONENT_LISTS.get(itype, set()):
        out.append(f"{where}.definition: {sorted(lists)} not supported for {itype}")
    for key in lists:
        comps = d[key]
        if not isinstance(comps, list):
            out.append(f"{where}.definition.{key} must be an array")
            continue
        ids = [c.get("id") for c in comps if isinstance(c, dict)]
        if len(ids) != len(comps) or any(not isinstance(i, str) or not i for i in ids):
            out.append(f"{where}.definition.{key}: every component needs a string id")
        if len(set(ids)) != len(ids):
            out.append(f"{where}.definition.{key}: ids must be distinct")
        if any(isinstance(i, str) and re.search(r"\s", i) for i in ids):
            out.append(f"{where}.definition.{key}: ids should not contain whitespace")
        for i, c in enumerate(comps):
            if isinstance(c, dict):
                _unknown(c, {"id", "description"}, f"{where}.definition.{key}[{i}]", out)
                if "description" in c:
                    _lang_map(c["description"], f"{where}.definition.{key}[{i}].description", out)
    crp = d.get("correctResponsesPattern")
    if crp is not None and (not isinstance(crp, list) or not all(isinstance(x, str) for x in crp)):
        out.append(f"{where}.definition.correctResponsesPattern must be an array of strings")
    if itype == "true-false" and crp and any(x not in ("true", "false") for x in crp):
        out.append(f"{where}.definition.correctResponsesPattern must be 'true' or 'false'")


def _timestamp(v, where: str, out: list[str]) -> None:
    if not isinstance(v, str) or not TIMESTAMP.match(v):
        out.append(f"{where}: {v!r} is not an ISO 8601 timestamp with a time zone")
        return
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        out.append(f"{where}: {v!r} is not a real date and time")
        return
    frac = re.search(r"\.(\d+)", v)
    if frac is None or len(frac.group(1)) < 3:
        out.append(f"{where}: keep millisecond precision (4.5.s1.b3)")


def problems(st: dict) -> list[str]:
    out: list[str] = []
    if not isinstance(st, dict):
        return ["statement must be an object"]
    _nulls(st, "statement", out)
    _unknown(st, STATEMENT_KEYS, "statement", out)
    for key in ("actor", "verb", "object"):
        if key not in st:
            out.append(f"statement: {key} is required")
    if "stored" in st or "authority" in st:
        out.append("statement: stored and authority are set by the LRS")
    if "id" in st and not (isinstance(st["id"], str) and UUID.match(st["id"])):
        out.append(f"statement.id {st['id']!r} is not a UUID in standard form")
    if "actor" in st:
        _agent(st["actor"], "actor", out)
    v = st.get("verb")
    if v is not None:
        if not isinstance(v, dict):
            out.append("verb must be an object")
        else:
            _unknown(v, {"id", "display"}, "verb", out)
            if not (isinstance(v.get("id"), str) and IRI.match(v["id"])):
                out.append("verb.id must be an IRI")
            if "display" in v:
                _lang_map(v["display"], "verb.display", out)
    if "object" in st:
        _activity(st["object"], "object", out)
    r = st.get("result")
    if r is not None:
        if not isinstance(r, dict):
            out.append("result must be an object")
        else:
            _unknown(r, RESULT_KEYS, "result", out)
            for key in ("success", "completion"):
                if key in r and not isinstance(r[key], bool):
                    out.append(f"result.{key} must be a boolean")
            if "response" in r and not isinstance(r["response"], str):
                out.append("result.response must be a string")
            if "duration" in r and not (isinstance(r["duration"], str) and DURATION.match(r["duration"])):
                out.append(f"result.duration {r['duration']!r} is not an ISO 8601 duration")
            if "extensions" in r:
                _extensions(r["extensions"], "result.extensions", out)
            sc = r.get("score")
            if sc is not None:
                if not isinstance(sc, dict):
                    out.append("result.score must be an object")
                else:
                    _unknown(sc, SCORE_KEYS, "result.score", out)
                    for key in SCORE_KEYS & set(sc):
                        if not _number(sc[key]):
                            out.append(f"result.score.{key} must be a number")
                    if _number(sc.get("scaled")) and not -1 <= sc["scaled"] <= 1:
                        out.append("result.score.scaled must be within -1..1")
                    lo, hi, raw = sc.get("min"), sc.get("max"), sc.get("raw")
                    if _number(lo) and _number(hi) and not lo < hi:
                        out.append("result.score.min must be less than max")
                    if _number(raw) and _number(lo) and raw < lo:
                        out.append("result.score.raw must not be below min")
                    if _number(raw) and _number(hi) and raw > hi:
                        out.append("result.score.raw must not exceed max")
    c = st.get("context")
    if c is not None:
        if not isinstance(c, dict):
            out.append("context must be an object")
        else:
            _unknown(c, CONTEXT_KEYS, "context", out)
            if "registration" in c and not (isinstance(c["registration"], str) and UUID.match(c["registration"])):
                out.append("context.registration must be a UUID")
            if "language" in c and not LANG_TAG.match(str(c["language"])):
                out.append("context.language must be an RFC 5646 tag")
            for key in ("revision", "platform"):
                if key in c:
                    if not isinstance(c[key], str):
                        out.append(f"context.{key} must be a string")
                    obj = st.get("object", {})
                    if isinstance(obj, dict) and obj.get("objectType", "Activity") != "Activity":
                        out.append(f"context.{key} is only allowed when the object is an Activity")
            if "extensions" in c:
                _extensions(c["extensions"], "context.extensions", out)
            if "instructor" in c:
                _agent(c["instructor"], "context.instructor", out)
            ca = c.get("contextActivities")
            if ca is not None:
                if not isinstance(ca, dict):
                    out.append("context.contextActivities must be an object")
                else:
                    _unknown(ca, CONTEXT_ACTIVITY_KEYS, "context.contextActivities", out)
                    for key, acts in ca.items():
                        for i, act in enumerate(acts if isinstance(acts, list) else [acts]):
                            _activity(act, f"context.contextActivities.{key}[{i}]", out)
    if "timestamp" in st:
        _timestamp(st["timestamp"], "timestamp", out)
    if "version" in st and not (isinstance(st["version"], str) and re.fullmatch(r"1\.0\.\d+", st["version"])):
        out.append("version must be 1.0.x")
    return out
