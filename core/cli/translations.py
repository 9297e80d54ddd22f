"""``noaber translations update|compile``: keep the Dutch catalogues (for developers)."""
from __future__ import annotations

import click

from core.i18n.catalogues import LANGUAGES, compile_catalogue, component_dirs, update
from core.instance import installed_plugins


@click.group(help="Keep the interface's translations (for developers).")
def translations():
    pass


@translations.command("update")
@click.argument("component", required=False)
def update_command(component):
    """Add new messages of COMPONENT (default: all) to its .po files."""
    for name, folder in _selected(component):
        for language in LANGUAGES:
            catalog = update(folder, language)
            todo = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
            click.echo(f"{name} {language}: {len(catalog)} messages, {todo} to translate")


@translations.command("compile")
@click.argument("component", required=False)
def compile_command(component):
    """Compile the .po files of COMPONENT (default: all) to .mo."""
    for name, folder in _selected(component):
        for language in LANGUAGES:
            click.echo(f"{name} {language}: {compile_catalogue(folder, language)}")


def _selected(component):
    dirs = component_dirs(installed_plugins())
    if component is not None and component not in dirs:
        raise click.BadParameter(f"use one of {', '.join(dirs)}", param_hint="COMPONENT")
    return [(component, dirs[component])] if component else list(dirs.items())
