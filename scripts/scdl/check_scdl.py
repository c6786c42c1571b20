"""Checks GET /funding/export.csv against the SCDL « subventions » 2.1.1 schema.

Builds, through the HTTP API only, a database with complete and incomplete grants on a fresh
server, then:

- downloads /funding/export.csv: UTF-8 byte-order mark, CRLF, the schema's 16 columns in its
  order, exactly one row per beneficiary of the complete conventioned or closed grants, and
  the values the API holds for them;
- validates the file with Frictionless against the schema file (from a copy of the schema
  beside the CSV: Frictionless refuses a schema path outside its working directory);
- runs the schema's two custom checks, which Frictionless does not run: `french-siret-value`
  on idAttribuant and idBeneficiaire, `one-of-required` (idBeneficiaire or rnaBeneficiaire);
- checks that /funding/export/readiness lists exactly the incomplete conventioned grant.

Usage: check_scdl.py BASE_URL ADMIN_TOKEN SCHEMA_JSON WORKDIR. Prints one line per check and a
closing line; exits 1 on any failure.
"""

import csv
import io
import json
import os
import shutil
import sys
import urllib.error
import urllib.request
from decimal import Decimal

import frictionless  # PyPI `frictionless`, pinned in .ci/requirements.txt

failures = []


def ok(message):
    print(f"ok {message}")


def fail(message):
    failures.append(message)
    print(f"FAIL {message}")


def check(condition, message, detail=""):
    if condition:
        ok(message)
    else:
        fail(f"{message}{': ' + detail if detail else ''}")
    return condition


class Api:
    def __init__(self, base_url, token):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def request(self, method, path, body=None, expect=None):
        """(status, headers, raw bytes); stops the check when `expect` is given and not met."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if method != "GET":
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        if expect is not None and status != expect:
            print(f"FAIL {method} {path}: expected {expect}, got {status}: {raw[:600].decode(errors='replace')}")
            sys.exit(1)
        return status, headers, raw

    def json(self, method, path, body=None, expect=200):
        return json.loads(self.request(method, path, body, expect)[2])


# -- The schema's custom checks, as its custom_checks name them (Validata runs them; Frictionless does not).

def luhn_valid(digits):
    total = 0
    for index, character in enumerate(reversed(digits)):
        value = int(character)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def french_siret_value(value):
    """14 digits with a valid Luhn checksum; La Poste's establishments (SIREN 356 000 000) do
    not follow Luhn: theirs is valid when the sum of the digits is a multiple of 5."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if luhn_valid(value):
        return True
    return value.startswith("356000000") and sum(int(c) for c in value) % 5 == 0


def one_of_required(row, column1, column2):
    return bool(row[column1].strip()) or bool(row[column2].strip())


def self_test_custom_checks():
    """The checks must tell good from bad, or a pass below would mean nothing."""
    cases = {
        "17320001500019": True,   # Luhn
        "17320001500018": False,  # Luhn broken by the last digit
        "35600000049837": True,   # La Poste: not Luhn, digit sum 45
        "35600000049838": False,  # La Poste: digit sum 46
        "1732000150001": False,   # 13 digits
        "1732000150001A": False,
    }
    wrong = [value for value, expected in cases.items() if french_siret_value(value) != expected]
    check(not wrong, "french-siret-value tells valid SIRETs from invalid ones (La Poste included)", f"wrong on {wrong}")
    check(not one_of_required({"a": "", "b": " "}, "a", "b") and one_of_required({"a": "", "b": "W1"}, "a", "b"),
          "one-of-required tells an empty pair from a filled one")


# -- The data: grants in every state that matters to the export.

# Example identifiers, Luhn-valid (SIREN and SIRET), invented for this check: not the real ones.
PREFECTURE_SIRET = "17320001500019"
MAIRES_RURAUX_SIRET = "44086752100013"
LA_POSTE_SIRET = "35600000049837"  # La Poste's rule: not Luhn-valid, digit sum 45
COLL_IN_RNA = "W323004567"


def build(api):
    """Creates the grants; returns what the export and the readiness list should say."""
    api.json("PATCH", "/partners/1", {"siret": PREFECTURE_SIRET})      # the Préfecture, funder of envelopes 1-3
    api.json("PATCH", "/partners/7", {"siret": MAIRES_RURAUX_SIRET})   # Association des maires ruraux du Gers
    api.json("PATCH", "/partners/9", {"rna": COLL_IN_RNA})             # Association Coll-In: an RNA number only
    la_poste = api.json("POST", "/partners", {"name": "La Poste, bureau d'Auch", "kind": "company",
                                              "siret": LA_POSTE_SIRET}, expect=201)
    gers_solidaire = api.json("GET", "/partners/4")                    # neither SIRET nor RNA in the seed
    check(not gers_solidaire.get("siret") and not gers_solidaire.get("rna"),
          "partner 4 (Gers Solidaire) has neither SIRET nor RNA number in the seed", json.dumps(gers_solidaire)[:200])

    actions = [
        api.json("POST", "/actions", {"axisId": 1, "title": title, "budgetCents": budget}, expect=201)["id"]
        for title, budget in [("Formation des agents d'accueil des mairies rurales", 1_000_000),
                              ("Ateliers Aidants Connect dans les bureaux de poste", 800_000),
                              ("Permanences numériques en zone rurale", 600_000)]
    ]

    def grant(action, envelope, beneficiaries, **fields):
        body = {"actionId": action, "envelopeId": envelope, "submittedOn": "2025-02-03",
                "requestedCents": sum(cents for _, cents in beneficiaries),
                "beneficiaries": [{"partnerId": p, "requestedCents": cents} for p, cents in beneficiaries], **fields}
        created = api.json("POST", "/funding/grants", body, expect=201)
        check(created["status"] == "submitted", f"grant {created['id']} is filed as submitted", created["status"])
        api.json("PATCH", f"/funding/grants/{created['id']}", {"status": "under_review"})
        return created["id"]

    def accept(grant_id, granted, decided_on="2025-03-14"):
        return api.json("PATCH", f"/funding/grants/{grant_id}",
                        {"status": "accepted", "grantedCents": granted, "decidedOn": decided_on})

    def convention(grant_id, date, reference):
        return api.json("PATCH", f"/funding/grants/{grant_id}",
                        {"status": "conventioned", "conventionDate": date, "decisionReference": reference})

    def pay(grant_id, paid_on, cents):
        api.json("POST", f"/funding/grants/{grant_id}/payments", {"paidOn": paid_on, "amountCents": cents}, expect=201)

    # A: one beneficiary with a SIRET, conventioned, not paid yet: its planned period is exported.
    a = grant(actions[0], 1, [(7, 500_000)], paymentConditions="single", nature="cash",
              purpose="Formation des agents d'accueil des mairies rurales au repérage des personnes éloignées du numérique",
              paymentPeriodStart="2025-04-15", paymentPeriodEnd="2025-06-30")
    accept(a, 450_000)
    convention(a, "2025-04-02", "Arrêté préfectoral 32-2025-03-14-001")

    # B: two beneficiaries (a La Poste establishment, an association known by its RNA number only),
    # paid in two instalments; the second pays the last cent and closes it. The purpose needs
    # RFC 4180 quoting (a comma and double quotes); the shares, 2/3 and 1/3 of 4 500 €, have no
    # exact decimal.
    b = grant(actions[1], 3, [(la_poste["id"], 400_000), (9, 200_000)], paymentConditions="instalments",
              nature="in_kind", euNotification=True,
              purpose='Ateliers "Aidants Connect", à Auch et à Condom')
    accepted_b = accept(b, 450_000)
    convention(b, "2025-04-10", "Convention 2025-AC-07")
    pay(b, "2025-04-20", 150_000)
    pay(b, "2025-09-30", 300_000)
    closed_b = api.json("GET", f"/funding/grants/{b}")
    check(closed_b["status"] == "closed", "the payment of the last cent closes grant B", closed_b["status"])

    # C: conventioned, but its beneficiary has neither SIRET nor RNA number: not in the file.
    c = grant(actions[2], 1, [(4, 300_000)], paymentConditions="single",
              paymentPeriodStart="2025-05-01", paymentPeriodEnd="2025-05-31")
    accept(c, 300_000)
    convention(c, "2025-04-03", "Arrêté préfectoral 32-2025-03-14-002")

    # D: accepted, no convention yet; E: refused. Neither is published nor listed as not ready.
    d = grant(actions[2], 2, [(7, 200_000)], paymentConditions="single")
    accept(d, 150_000)
    e = grant(actions[0], 2, [(9, 100_000)])
    api.json("PATCH", f"/funding/grants/{e}", {"status": "refused", "refusalReason": "Hors du champ de l'enveloppe."})

    envelopes = {envelope["id"]: envelope["label"] for envelope in api.json("GET", "/funding/envelopes")["items"]}
    shares_b = {item["partnerId"]: item["grantedCents"] for item in accepted_b["beneficiaries"]}
    prefecture = "Préfecture du Gers"
    common_a = {"nomAttribuant": prefecture, "idAttribuant": PREFECTURE_SIRET, "dateConvention": "2025-04-02",
                "referenceDecision": "Arrêté préfectoral 32-2025-03-14-001",
                "objet": "Formation des agents d'accueil des mairies rurales au repérage des personnes éloignées du numérique",
                "montant": "4500.00", "nature": "aide en numéraire", "conditionsVersement": "unique",
                "datesPeriodeVersement": "2025-04-15/2025-06-30", "idRAE": "", "notificationUE": "non",
                "dispositifAide": envelopes[1]}
    common_b = {"nomAttribuant": prefecture, "idAttribuant": PREFECTURE_SIRET, "dateConvention": "2025-04-10",
                "referenceDecision": "Convention 2025-AC-07", "objet": 'Ateliers "Aidants Connect", à Auch et à Condom',
                "montant": "4500.00", "nature": "aide en nature", "conditionsVersement": "échelonné",
                "datesPeriodeVersement": "2025-04-20/2025-09-30", "idRAE": "", "notificationUE": "oui",
                "dispositifAide": envelopes[3]}
    expected_rows = [
        {**common_a, "nomBeneficiaire": "Association des maires ruraux du Gers", "idBeneficiaire": MAIRES_RURAUX_SIRET,
         "rnaBeneficiaire": "", "pourcentageSubvention": Decimal(1)},
        {**common_b, "nomBeneficiaire": la_poste["name"], "idBeneficiaire": LA_POSTE_SIRET, "rnaBeneficiaire": "",
         "pourcentageSubvention": Decimal(shares_b[la_poste["id"]]) / 450_000},
        {**common_b, "nomBeneficiaire": "Association Coll-In", "idBeneficiaire": "", "rnaBeneficiaire": COLL_IN_RNA,
         "pourcentageSubvention": Decimal(shares_b[9]) / 450_000},
    ]
    return expected_rows, c, {"A": a, "B": b, "C": c, "D": d, "E": e}


# -- The checks of the file.

def check_file(raw, headers, field_names, expected_rows):
    content_type = headers.get("Content-Type", "")
    check(content_type.startswith("text/csv"), "export.csv is served as text/csv", content_type)
    check(raw.startswith(b"\xef\xbb\xbf"), "export.csv starts with a UTF-8 byte-order mark", repr(raw[:8]))
    text = raw.decode("utf-8-sig")
    bare_lf = text.replace("\r\n", "").count("\n")
    check(text.endswith("\r\n") and bare_lf == 0, "every line of export.csv ends with CRLF", f"{bare_lf} bare LF")
    rows = list(csv.reader(io.StringIO(text, newline=""))) or [[]]
    header, body = rows[0], rows[1:]
    check(header == field_names, f"the header is the schema's {len(field_names)} columns, in its order",
          f"got {header}")
    check(len(body) == len(expected_rows),
          f"export.csv has {len(expected_rows)} rows (one per beneficiary of the complete grants)",
          f"got {len(body)}: {body}")
    records = [dict(zip(header, row)) for row in body]
    widths = {len(row) for row in body}
    check(widths <= {len(field_names)}, f"every row has {len(field_names)} cells", f"widths {sorted(widths)}")

    # Custom checks of the schema, on every row.
    for number, record in enumerate(records, start=2):  # line 1 is the header
        for column in ("idAttribuant", "idBeneficiaire"):
            value = record.get(column, "")
            if value.strip() and not french_siret_value(value):
                fail(f"french-siret-value: row {number}, {column} = {value!r} is not a valid SIRET")
        if not one_of_required(record, "idBeneficiaire", "rnaBeneficiaire"):
            fail(f"one-of-required: row {number} ({record.get('nomBeneficiaire')!r}) has neither idBeneficiaire "
                 "nor rnaBeneficiaire")
    if not [f for f in failures if f.startswith(("french-siret-value", "one-of-required"))]:
        ok(f"custom checks french-siret-value (idAttribuant, idBeneficiaire) and one-of-required pass on "
           f"{len(records)} rows")

    # The values the API holds, row by row (matched by beneficiary name).
    by_name = {record.get("nomBeneficiaire"): record for record in records}
    for expected in expected_rows:
        record = by_name.get(expected["nomBeneficiaire"])
        if record is None:
            fail(f"no row for beneficiary {expected['nomBeneficiaire']!r}")
            continue
        wrong = []
        for column, value in expected.items():
            if column == "pourcentageSubvention":
                try:
                    # Within one unit of the file's last decimal (at least 2): rounded either way.
                    got = Decimal(record[column])
                    if abs(got - value) >= unit(got):
                        wrong.append(f"{column} {record[column]!r}, expected about {value:.4f}")
                except ArithmeticError:
                    wrong.append(f"{column} {record[column]!r} is not a number")
            elif record.get(column) != value:
                wrong.append(f"{column} {record.get(column)!r}, expected {value!r}")
        check(not wrong, f"the row of {expected['nomBeneficiaire']!r} holds the grant's values", "; ".join(wrong))

    # The shares of one grant add up to 1, within the file's precision.
    grants = {}
    for record in records:
        key = (record.get("dateConvention"), record.get("referenceDecision"), record.get("montant"))
        grants.setdefault(key, []).append(record.get("pourcentageSubvention", ""))
    for key, shares in grants.items():
        try:
            values = [Decimal(share) for share in shares]
            tolerance = sum(unit(value) for value in values)
            check(abs(sum(values) - 1) < tolerance,
                  f"the shares of grant {key[1]!r} add up to 1 within the file's precision ({' + '.join(shares)})", f"sum {sum(values)}")
        except ArithmeticError:
            fail(f"pourcentageSubvention of grant {key[1]!r} is not a number: {shares}")
    return records


def unit(number):
    """One unit of the last decimal of a number as written (at least 0.01)."""
    return Decimal(1).scaleb(-max(-number.as_tuple().exponent, 2))


def check_frictionless(csv_path, schema_path, expected_count, field_names):
    """Frictionless against the schema file; returns the number of rows it read."""
    workdir = os.path.dirname(csv_path)
    previous = os.getcwd()
    os.chdir(workdir)  # Frictionless only reads a schema inside its working directory
    try:
        report = frictionless.validate(os.path.basename(csv_path), schema=os.path.basename(schema_path))
    finally:
        os.chdir(previous)
    errors = [error for task in report.tasks for error in task.errors] + list(report.errors)
    for error in errors:
        where = ", ".join(f"{name} {getattr(error, name)}" for name in ("row_number", "field_name")
                          if getattr(error, name, None) is not None)
        print(f"    frictionless {error.type}{' (' + where + ')' if where else ''}: {error.message}")
    rows = report.tasks[0].stats.get("rows", 0) if report.tasks else None
    labels = report.tasks[0].labels if report.tasks else []
    check(report.valid and not errors, "Frictionless: export.csv is valid against subventions 2.1.1",
          f"{len(errors)} error(s), listed above")
    for warning in report.warnings:
        print(f"    frictionless warning: {warning}")
    check(rows == expected_count, f"Frictionless read {expected_count} rows", f"it read {rows}")
    check(labels == field_names, "Frictionless read the schema's 16 labels (the byte-order mark is not part of the first)",
          f"{labels}")
    return rows


def check_frictionless_rejects(csv_path, schema_path):
    """A copy of the file with a broken idAttribuant must fail, or the pass above proves nothing."""
    workdir = os.path.dirname(csv_path)
    broken = os.path.join(workdir, "broken.csv")
    with open(csv_path, encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    if len(rows) < 2:
        return
    rows[1][rows[0].index("idAttribuant")] = "1732000150001"  # 13 digits: breaks the pattern
    with open(broken, "w", encoding="utf-8-sig", newline="") as target:
        csv.writer(target, lineterminator="\r\n").writerows(rows)
    previous = os.getcwd()
    os.chdir(workdir)
    try:
        report = frictionless.validate("broken.csv", schema=os.path.basename(schema_path))
    finally:
        os.chdir(previous)
    types = {error.type for task in report.tasks for error in task.errors}
    check(not report.valid and "constraint-error" in types,
          "Frictionless rejects a copy whose idAttribuant breaks the schema's pattern", f"errors {sorted(types)}")


def check_readiness(api, incomplete_grant, grants):
    readiness = api.json("GET", "/funding/export/readiness")
    items = readiness.get("items", [])
    listed = {item.get("grantId") for item in items}
    names = {grant_id: name for name, grant_id in grants.items()}
    check(listed == {incomplete_grant}, f"readiness lists exactly grant C ({incomplete_grant}), the incomplete one",
          f"it lists {sorted((names.get(g, g) for g in listed), key=str)}: {json.dumps(items, ensure_ascii=False)}")
    missing = set()
    for item in items:
        if item.get("grantId") == incomplete_grant and item.get("partnerId") == 4:
            missing |= set(item.get("missing", []))
    check({"idBeneficiaire", "rnaBeneficiaire"} <= missing,
          "readiness names idBeneficiaire and rnaBeneficiaire as missing for grant C's beneficiary (partner 4)",
          f"missing: {sorted(missing)}; items: {json.dumps(items, ensure_ascii=False)}")
    return len(listed)


def main(base_url, token, schema_source, workdir):
    api = Api(base_url, token)
    with open(schema_source, encoding="utf-8") as source:
        schema = json.load(source)
    field_names = [field["name"] for field in schema["fields"]]
    version = schema.get("version", "?")
    check(schema.get("name") == "subventions" and version == "2.1.1" and len(field_names) == 16,
          f"the schema is SCDL subventions 2.1.1 with 16 fields ({schema_source})",
          f"{schema.get('name')} {version}, {len(field_names)} fields")

    self_test_custom_checks()
    expected_rows, incomplete, grants = build(api)
    print(f"    grants: {', '.join(f'{name}={grant_id}' for name, grant_id in grants.items())}")

    _, headers, raw = api.request("GET", "/funding/export.csv", expect=200)
    folder = os.path.join(workdir, "scdl")
    os.makedirs(folder, exist_ok=True)
    csv_path = os.path.join(folder, "export.csv")
    schema_path = os.path.join(folder, "schema.json")
    with open(csv_path, "wb") as target:
        target.write(raw)
    shutil.copyfile(schema_source, schema_path)

    check_file(raw, headers, field_names, expected_rows)
    rows = check_frictionless(csv_path, schema_path, len(expected_rows), field_names)
    check_frictionless_rejects(csv_path, schema_path)
    not_ready = check_readiness(api, incomplete, grants)

    if failures:
        print(f"scdl: {len(failures)} check(s) failed; the file as served:")
        print(raw.decode("utf-8-sig", errors="replace"))
        return 1
    plural = "grant" if not_ready == 1 else "grants"
    print(f"scdl: {rows} rows valid against subventions {version} (frictionless), {not_ready} {plural} listed as not ready")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print("usage: check_scdl.py BASE_URL ADMIN_TOKEN SCHEMA_JSON WORKDIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
