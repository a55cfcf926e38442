"""Schemathesis hooks for mallcare: every request carries the token of a role that may call its operation.

The services' OpenAPI marks each operation with `x-mallcare-roles` ("public", or the roles allowed; an
empty list means any staff member). MALLCARE_TOKENS holds a JSON object of role -> token, "*" for any staff.
"""
import json
import os

import schemathesis

TOKENS = json.loads(os.environ["MALLCARE_TOKENS"])


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    roles = case.operation.definition.raw.get("x-mallcare-roles", [])
    if roles == "public":
        return
    token = TOKENS[roles[0]] if roles else TOKENS["*"]
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    # The tokens are of SH01's staff (or HQ): a random mall id would stop nearly every request at 403.
    if path_parameters and "mallId" in path_parameters:
        path_parameters["mallId"] = "SH01"
    return path_parameters
