"""``/api/v1/example/…``: the notice board for programs."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from core.toolkit import ApiBlueprint, current_session, current_tenant, public
from plugins.example import service
from plugins.example.models import Notice
from plugins.example.schemas import NoticeQuery, NoticeSchema

blueprint = ApiBlueprint("example_api", __name__, description="Notice board (prikbord)")


@blueprint.route("/notices")
class Notices(MethodView):
    @public
    @blueprint.arguments(NoticeQuery(), location="query")
    @blueprint.response(200, NoticeSchema(many=True))
    @blueprint.paginate()
    def get(self, query, pagination_parameters):
        """List current notices, newest first."""
        settings = current_tenant().plugin_settings("example")
        notices = service.current_notices(current_session(), settings["max_age_days"], query["q"])
        pagination_parameters.item_count = len(notices)
        return notices[pagination_parameters.first_item:pagination_parameters.last_item + 1]


@blueprint.route("/notices/<int:notice_id>")
class NoticeItem(MethodView):
    @public
    @blueprint.response(200, NoticeSchema)
    def get(self, notice_id):
        """One notice."""
        notice = current_session().get(Notice, notice_id)
        if notice is None:
            abort(404, message=f"No notice {notice_id}.")
        return notice
