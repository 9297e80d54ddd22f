"""The backup file: a gzip'd tar of ``manifest.json`` and the files it lists with their SHA-256.

Reading one checks everything before a byte lands outside the staging folder: that it is
a tar of ours, that it holds only plain files under the names the manifest lists, and that
each file's checksum is the manifest's.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
from pathlib import Path, PurePosixPath

from core.errors import NoaberError

FORMAT = "noaber-backup/1"
MANIFEST = "manifest.json"
#: what may stand in the manifest for a schema name, as it goes into SQL
SCHEMA_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(target: Path, manifest: dict, files: dict[str, Path]) -> None:
    """Write the backup to *target* (0600: it holds people's data), whole or not at all."""
    manifest = {**manifest, "files": {name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                                      for name, path in sorted(files.items())}}
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(body), 0o600
            tar.addfile(info, io.BytesIO(body))
            for name, path in sorted(files.items()):
                tar.add(path, arcname=name, recursive=False)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _invalid(file: Path, why: str) -> NoaberError:
    return NoaberError(f"{file} is not a valid noaber backup: {why}")


def read_archive(file: Path, staging: Path) -> dict:
    """Check *file* and unpack it into *staging*; return its manifest."""
    try:
        with tarfile.open(file, mode="r:gz") as tar:
            manifest = _manifest(file, tar)
            _unpack(file, tar, manifest["files"], staging)
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise NoaberError(f"{file} does not exist") from None
        raise _invalid(file, f"not a gzip'd tar file ({exc})") from None
    return manifest


def _manifest(file: Path, tar: tarfile.TarFile) -> dict:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise _invalid(file, f"it does not begin with {MANIFEST}")
    try:
        manifest = json.loads(tar.extractfile(first).read())
    except ValueError:
        raise _invalid(file, f"{MANIFEST} is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _invalid(file, f"{MANIFEST} is not of format {FORMAT}")
    needed = {"noaber": str, "slug": str, "backend": str, "heads": dict, "files": dict, "database": str}
    for key, kind in needed.items():
        if not isinstance(manifest.get(key), kind):
            raise _invalid(file, f"{MANIFEST} lacks {key!r}")
    if manifest["backend"] == "postgresql" and not SCHEMA_RE.fullmatch(str(manifest.get("schema"))):
        raise _invalid(file, f"{MANIFEST} names no schema")
    if manifest["database"] not in manifest["files"]:
        raise _invalid(file, "the database is not in it")
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.parts[:1] in (("tenant",), ("database",))


def _unpack(file: Path, tar: tarfile.TarFile, listed: dict, staging: Path) -> None:
    seen = set()
    for member in tar.getmembers()[1:]:  # after the manifest
        if member.name not in listed or not member.isfile() or not _safe(member.name) or member.name in seen:
            raise _invalid(file, f"{member.name!r} is not one of its files")
        target = staging / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tar.extractfile(member) as source, open(target, "wb") as out:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != listed[member.name].get("sha256"):
            raise _invalid(file, f"{member.name} does not match its checksum")
        seen.add(member.name)
    missing = set(listed) - seen
    if missing:
        raise _invalid(file, f"{sorted(missing)[0]} is missing")
