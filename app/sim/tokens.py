"""Parse a token request (form-urlencoded or multipart) and check the grant."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

from app.sim.auth import JWT_BEARER, GrantError, verify_assertion


def form_fields(content_type: str, body: bytes) -> dict[str, str]:
    """Fields of an ``application/x-www-form-urlencoded`` or multipart body."""
    if content_type.lower().startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        fields: dict[str, str] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                payload = part.get_payload(decode=True) or b""
                fields[str(name)] = payload.decode("utf-8", "replace")
        return fields
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[-1] for key, values in parsed.items()}


def token_request(
    content_type: str, body: bytes, clients: dict[str, str], now: float, leeway: int
) -> str:
    """Validate a JWT-bearer token request; the client id, or GrantError."""
    fields = form_fields(content_type, body)
    grant_type = fields.get("grant_type")
    assertion = fields.get("assertion")
    if not grant_type or not assertion:
        raise GrantError(
            "invalid_request", "grant_type and assertion are required form fields."
        )
    if grant_type != JWT_BEARER:
        raise GrantError("unsupported_grant_type", f"grant_type must be {JWT_BEARER}.")
    return verify_assertion(assertion, clients, now, leeway=leeway)
