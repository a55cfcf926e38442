"""Schemathesis hooks for mallcare: every request carries the token of a role that may call its operation.

The services' OpenAPI marks each operation with `x-mallcare-roles` ("public", or the roles allowed; an
empty list means any staff member). MALLCARE_TOKENS holds a JSON object of role -> token, "*" for any
staff member. MALLCARE_KNOWN_IDS (comma-separated) are ids of cases the test registered first: two in
three generated case ids are swapped for one of them, so requests reach real cases, not only 404s.
"""
import json
import os
import zlib

import schemathesis

TOKENS = json.loads(os.environ["MALLCARE_TOKENS"])
KNOWN_IDS = [known for known in os.environ.get("MALLCARE_KNOWN_IDS", "").split(",") if known]
CASE_ID_PARAMETERS = ("id", "complaintId", "caseId")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    roles = case.operation.definition.raw.get("x-mallcare-roles", [])
    if roles == "public":
        return
    token = TOKENS[roles[0]] if roles else TOKENS["*"]
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    if not path_parameters:
        return path_parameters
    # The tokens are of SH01's staff (or HQ): a random mall id would stop nearly every request at 403.
    if "mallId" in path_parameters:
        path_parameters["mallId"] = "SH01"
    for name in CASE_ID_PARAMETERS:
        if name in path_parameters and KNOWN_IDS:
            # Derived from the generated value, so the same seed gives the same requests.
            pick = zlib.crc32(str(path_parameters[name]).encode())
            if pick % 3:
                path_parameters[name] = KNOWN_IDS[pick % len(KNOWN_IDS)]
    return path_parameters
