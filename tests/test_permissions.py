"""Deny by default: every route declares the permission it needs, and undeclared routes are refused."""
from __future__ import annotations

from core.web.permissions import PUBLIC


def declared_permissions(app) -> dict[str, list[str | None]]:
    """Per rule, the permission of each of its methods."""
    result = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        if view_class is not None:
            result[rule.rule] = [getattr(getattr(view_class, m.lower(), None), "noaber_permission", None)
                                 for m in methods]
        else:
            result[rule.rule] = [getattr(view, "noaber_permission", None)]
    return result


def test_every_route_declares_a_permission(app):
    missing = [rule for rule, perms in declared_permissions(app).items() if None in perms]
    assert missing == []


def test_static_files_are_public_by_declaration(app):
    # Flask adds the static route itself; core marks it public explicitly rather than exempting it.
    assert getattr(app.view_functions["static"], "noaber_permission", None) == PUBLIC


def test_route_without_permission_is_refused(make_tenant, instance):
    from core.server.app import create_app
    app = create_app(instance, {"TESTING": True})
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    make_tenant("de-es")
    response = app.test_client().get("/t/de-es/forgotten")
    assert response.status_code == 403 and "secret" not in response.text


def test_permission_needs_an_account_that_holds_it(make_tenant, make_account, instance, sign_in):
    from core.server.app import create_app
    from core.web.permissions import requires
    app = create_app(instance, {"TESTING": True, "RATELIMIT_ENABLED": False})
    app.add_url_rule("/board-admin", "board_admin", requires("example.post")(lambda: "admin"))
    make_tenant("de-es", plugins=["example"])
    make_account("de-es", "member@de-es.nl", ("member",))
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    anonymous, member, coordinator = app.test_client(), app.test_client(), app.test_client()
    sign_in(member, "de-es", "member@de-es.nl")
    sign_in(coordinator, "de-es", "coordinator@de-es.nl")
    assert anonymous.get("/t/de-es/board-admin").status_code == 302
    assert member.get("/t/de-es/board-admin").status_code == 403
    assert coordinator.get("/t/de-es/board-admin").text == "admin"


def test_a_disabled_plugins_permissions_are_held_by_nobody(make_tenant, make_account, instance):
    tenant = make_tenant("de-es")
    assert "example.post" not in instance.plugins.permissions_of({"admin"}, tenant.plugins)
    assert "example.post" in instance.plugins.permissions_of({"admin"}, ("example",))


def test_declared_permissions_follow_the_naming_rule():
    import pytest

    from core.errors import PluginError
    from core.web.permissions import Permission, check_declarations
    with pytest.raises(PluginError, match="names start with 'example.'"):
        check_declarations({"people.read": ("example", Permission("people.read", "x", ("admin",)))})
    with pytest.raises(PluginError, match="unknown roles"):
        check_declarations({"example.x": ("example", Permission("example.x", "x", ("boss",)))})
