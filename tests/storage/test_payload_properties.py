"""Property: any JSON record survives decode → upsert_page on both databases.

Records are generated as JSON *text* (so they can hold what Python's json cannot
write: 5000-digit integers, ``1e400``), with odd strings and keys (NUL, lone
surrogates, astral characters), nesting, NaN/Infinity and big/small floats,
including the keys the typed columns read. For each: nothing raises; the exact
original reads back; ``raw_payload`` is valid JSON to the database and to a
strict parser; typed columns are readable text, in-range numbers or NULL; the
same record sent again is not a change.
"""

from __future__ import annotations

import json
import math
import re
import uuid

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.entities import ENTITIES
from app.jsoncodec import exact_text
from app.qbench.client import decode_body
from app.storage.models import ENTITY_MODELS


class Raw:
    """A JSON literal written verbatim (numbers Python's json cannot write)."""

    def __init__(self, text: str) -> None:
        self.text = text


def to_text(value) -> str:
    """JSON text with \\u escapes for NUL and lone surrogates, as QBench sends."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        items = (f"{json.dumps(k)}:{to_text(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_text(v) for v in value) + "]"
    return json.dumps(value)


ANY_CHAR = st.characters(exclude_categories=())  # surrogates included
ODD_BITS = st.sampled_from(["\x00", "\ud83d", "\udc00", "\U0001f9ea", "é", "\\u0000"])
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=12),
    st.lists(st.one_of(ODD_BITS, st.text(max_size=3)), max_size=4).map("".join),
)
NUMBER_LITERALS = st.sampled_from(
    ["1e400", "-1e400", "1E-400", "-0.0", "1e25", "1e300", "5e-324", "0.1",
     "123456789012345678901234567890", "-9223372036854775809"]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=4290, max_value=5100).map(lambda n: Raw("9" * n)),
    NUMBER_LITERALS.map(Raw),
)
SCALARS = st.one_of(st.none(), st.booleans(), TEXT, NUMBERS)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
TYPED_KEYS = [
    "customer_name", "status", "date_created", "last_updated", "state",
    "last_updated_unix_timestamp", "sample_id", "order_id", "start_date",
    "samples", "tests", "active", "title", "deleted",
    "total", "amount", "base_price", "quantity", "paid", "name",
]  # fmt: skip
RECORDS = st.tuples(
    st.integers(min_value=1, max_value=50),
    st.dictionaries(st.sampled_from(TYPED_KEYS), VALUES, max_size=6),
    st.dictionaries(TEXT, VALUES, max_size=5),
    st.sampled_from(sorted(ENTITY_MODELS)),
)
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_BIGINT = 2**63 - 1


def strict_loads(text: str):
    def refuse(token):
        raise ValueError(f"not RFC 8259 JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def client_decode(text: str):
    """The QBench client's own decoder, over a real requests.Response."""
    response = requests.Response()
    response._content = text.encode("utf-8")
    response.encoding = None
    response.status_code = 200
    return decode_body(response)


def _db_view(repo, entity, qbench_id):
    if type(repo.db).__name__.startswith("Postgres"):
        sql = (
            "SELECT jsonb_typeof(raw_payload) = 'object', raw_payload::text "
            f"FROM {entity} WHERE qbench_id = %s"
        )
    else:
        sql = (
            "SELECT json_valid(raw_payload) AND json_type(raw_payload) = 'object', "
            f"raw_payload FROM {entity} WHERE qbench_id = ?"
        )
    return repo.db.execute_sql(sql, (qbench_id,)).fetchone()


def _readable(value) -> bool:
    if isinstance(value, str):
        return not UNSTORABLE.search(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -MAX_BIGINT <= value <= MAX_BIGINT
    if isinstance(value, float):
        return math.isfinite(value)
    return True


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(RECORDS)
def test_any_json_record_is_stored_and_recoverable(repo, generated):
    number, typed, extra, entity = generated
    # api_clients are identified by UUID text (id_type "text"), the rest by ints.
    text_id = ENTITIES[entity].id_type == "text"
    qbench_id = str(uuid.UUID(int=number)) if text_id else number
    fields = {**typed, **extra}
    fields.pop("id", None)
    text = to_text({"id": qbench_id, **fields})
    record = client_decode(text)
    result = repo.upsert_page(entity, [record])
    assert result.ids == [qbench_id] and not result.rejected
    row = repo.get(entity, qbench_id)
    # The exact original comes back (compared as canonical exact JSON text).
    assert exact_text(row["raw_payload"], sort_keys=True) == exact_text(
        record, sort_keys=True
    )
    # raw_payload is JSON to the database and to a strict parser.
    valid, stored_text = _db_view(repo, entity, qbench_id)
    assert valid
    stored = strict_loads(stored_text)
    if row["raw_payload_exact"] is None:
        assert stored == record
    else:
        assert row["raw_payload_exact"].isascii()
    # Typed columns: readable text, in-range numbers, or NULL.
    for name, value in row.items():
        if name not in ("raw_payload", "raw_payload_exact"):
            assert _readable(value), (name, value)
    # Sending the same record again is no change.
    again = repo.upsert_page(entity, [client_decode(text)])
    assert again.changed == []
