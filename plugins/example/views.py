"""The notice board page, and the form to post on it. Views stay thin: they call service functions."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.toolkit import (
    _l,
    current_principal,
    current_session,
    current_tenant,
    public,
    requires,
)
from plugins.example import service

blueprint = Blueprint("example", __name__, template_folder="templates")


class NoticeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    body = TextAreaField(_l("Message"), validators=[Length(max=2000)])


@blueprint.get("/")
@public
def board():
    settings = current_tenant().plugin_settings("example")
    notices = service.current_notices(current_session(), settings["max_age_days"])
    return render_template("example/board.html", title=service.board_title(current_tenant()), notices=notices,
                           authors=service.author_names(current_session(), notices),
                           may_post=current_principal().can("example.post"))


@blueprint.route("/new", methods=["GET", "POST"])
@requires("example.post")
def post():
    form = NoticeForm()
    if form.validate_on_submit():
        service.post_notice(current_session(), form.title.data.strip(), form.body.data.strip())
        current_session().commit()
        flash(_("Your notice is on the board."))
        return redirect(url_for("example.board"))
    return render_template("example/post.html", form=form), 422 if form.is_submitted() else 200
