"""Plain-``requests`` helpers to talk to the simulator as any QBench client would."""

from __future__ import annotations

import time
import warnings

import jwt
import requests
from jwt.warnings import InsecureKeyLengthWarning

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_PATH = "/qbench/oauth2/v1/token"


def assertion(
    client_id: str,
    secret: str,
    *,
    iat: float | None = None,
    lifetime: int = 3600,
    alg: str = "HS256",
) -> str:
    """A JWT-bearer assertion built by hand, as the README §1.1 describes."""
    iat = int(time.time()) - 5 if iat is None else int(iat)
    claims = {"sub": client_id, "iat": iat, "exp": iat + lifetime}
    with warnings.catch_warnings():  # QBench chooses the secret's length, not us
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(claims, secret, algorithm=alg)


def token(sim, session: requests.Session | None = None, path: str = TOKEN_PATH) -> str:
    """A fresh access token for the simulator's default client."""
    http = session or requests
    response = http.post(
        sim.base_url + path,
        data={
            "grant_type": JWT_BEARER,
            "assertion": assertion(sim.client_id, sim.client_secret),
        },
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["access_token"]


def authed_session(sim) -> requests.Session:
    """A session carrying a valid bearer token."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token(sim, session)}"
    return session


def v2(sim, resource: str) -> str:
    return f"{sim.base_url}/qbench/api/v2/{resource}"


def v1(sim, resource: str) -> str:
    return f"{sim.base_url}/qbench/api/v1/{resource}"
