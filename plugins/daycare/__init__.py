"""tmp"""
from core import hookimpl
from plugins.daycare import models  # noqa
from plugins.daycare.settings import DaycareSettings


@hookimpl
def noaber_settings_schema():
    return DaycareSettings()
