"""A short integrator's workflow against a running server, written only with the client that
openapi-python-client generated from openapi.yaml (package `fne_api_client`): create a
partner and an action, page through the actions, and read a 409 and a 400 as problem
objects. Usage: workflow.py BASE_URL ADMIN_TOKEN. Exits non-zero on the first surprise."""

import sys

from fne_api_client import AuthenticatedClient, Client
from fne_api_client.api.actions import create_action, list_actions
from fne_api_client.api.axes import list_axes
from fne_api_client.api.partners import create_partner
from fne_api_client.models import (
    ActionCreate,
    ActionPage,
    Axis,
    AxisPage,
    ListActionsSort,
    Partner,
    PartnerCreate,
    PartnerKind,
    Problem,
)


def check(condition, message):
    if not condition:
        print(f"python client workflow: {message}", file=sys.stderr)
        sys.exit(1)


def main(base_url, token):
    public = Client(base_url=base_url)
    client = AuthenticatedClient(base_url=base_url, token=token)

    # A public read needs no token.
    axes = list_axes.sync(client=public)
    check(isinstance(axes, AxisPage) and axes.items, f"GET /axes without a token: {axes!r}")
    axis = axes.items[0]
    check(isinstance(axis, Axis), f"an axis: {axis!r}")

    partner = create_partner.sync(client=client, body=PartnerCreate(name="Client Python, Auch", kind=PartnerKind.ASSOCIATION))
    check(isinstance(partner, Partner), f"POST /partners: {partner!r}")

    created = []
    for index in range(3):
        action = create_action.sync_detailed(
            client=client, body=ActionCreate(axis_id=axis.id, title=f"Action du client Python {index}", lead_partner_id=partner.id))
        check(action.status_code == 201, f"POST /actions: {action.status_code} {action.content!r}")
        created.append(action.parsed.id)

    seen, cursor = [], None
    while True:
        page = list_actions.sync(client=public, lead_partner_id=partner.id, sort=ListActionsSort.ID_DESC, limit=2, cursor=cursor)
        check(isinstance(page, ActionPage), f"GET /actions: {page!r}")
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    check(seen == sorted(created, reverse=True), f"pages of actions: {seen} for {created}")

    duplicate = create_partner.sync(client=client, body=PartnerCreate(name="CLIENT python, auch", kind=PartnerKind.ASSOCIATION))
    check(isinstance(duplicate, Problem) and duplicate.status == 409, f"a duplicate partner is a 409 problem: {duplicate!r}")

    invalid = create_action.sync(client=client, body=ActionCreate(axis_id=axis.id, title="   "))
    check(isinstance(invalid, Problem) and invalid.status == 400, f"a blank title is a 400 problem: {invalid!r}")
    fields = [error.field for error in invalid.errors] if invalid.errors else []
    check(fields == ["title"], f"the 400 names the field: {fields}")

    print(f"python client workflow: {len(created)} actions created and paged, 409 and 400 read as problems")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
