"""Schemathesis hooks for scripts/fuzz-contract (loaded through SCHEMATHESIS_HOOKS).

Two things the generated requests do that a real client does not, and that the stateful
checks then misread as defects of the server:

- Idempotency keys repeat. Hypothesis shrinks a header to its smallest valid value ("0"),
  so unrelated POSTs share a key; when two of them also share path and body, the second is
  by definition a retry and gets the first response again (with `Idempotent-Replayed:
  true`), possibly describing a resource deleted since. A valid key is therefore made
  unique per request; invalid keys are left as generated, so their 400 is still fuzzed.
- `DELETE /groups/{id}?archive=true` archives the group and answers 200 with it: the group
  is still there, which the use-after-free check reads as a failed delete. The parameter is
  deprecated in the contract (PATCH {"archived": true} archives); the fuzzer deletes.

Both are stateful-phase effects (a replay or a read after a delete in one scenario), and the
rewrite is done only there.
"""

import re
import uuid

import schemathesis

VALID_KEY = re.compile(r"^[\x21-\x7E]{1,255}$")


@schemathesis.hook
def before_call(context, case, **kwargs):
    # Only in the stateful phase, where both happen. Elsewhere an edited case is revalidated
    # and loses what its phase meant it to test (a coverage case "without Authorization" would
    # be sent with it).
    meta = case.meta
    if meta is None or meta.phase.name != "stateful":
        return
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and VALID_KEY.match(headers[name]):
            headers[name] = f"fuzz-{uuid.uuid4()}"
    if case.operation.method.upper() == "DELETE" and case.operation.path == "/groups/{id}":
        query = case.query or {}
        if str(query.get("archive", "")).lower() in ("true", "1"):
            query["archive"] = "false"
