"""Virus scanning of uploads with ClamAV's daemon (clamd), over its INSTREAM protocol.

Both doors for files use it: evidence for the public website (``prongsai.disclosure.files``) and
evidence sent with a report or complaint (``prongsai.integrity.uploads``). Setting
``ANTIVIRUS_CLAMD`` (``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310``) turns it on; then
it fails closed: a file is accepted only when clamd answers that it is clean, and while clamd
cannot be reached or errs, uploads are refused with a message saying to try again later (nothing
unscanned is stored, so nothing unscanned can be published or opened by a case handler). Empty
(the default of an embedded development install): no scanning.

No Django import at module level beyond settings lookup in :func:`scan`, so the protocol code
can be tested against any socket.
"""

from __future__ import annotations

import enum
import logging
import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
DEFAULT_TIMEOUT = 30.0


class Verdict(enum.StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNAVAILABLE = "unavailable"  # no answer, an error, or a file too large for the scanner
    OFF = "off"  # no scanner configured


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    signature: str = ""  # the name of what was found, when infected
    detail: str = ""  # why the scanner could not answer

    @property
    def accepted(self) -> bool:
        return self.verdict in (Verdict.CLEAN, Verdict.OFF)


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: object = parts.path
    elif parts.scheme == "tcp":
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        target = (parts.hostname or "127.0.0.1", parts.port or 3310)
    else:
        raise ValueError(f"ANTIVIRUS_CLAMD must be unix:///path or tcp://host:port, not {address}")
    sock.settimeout(timeout)
    try:
        sock.connect(target)
    except OSError:
        sock.close()
        raise
    return sock


def parse_reply(reply: bytes) -> ScanResult:
    """clamd's answer to INSTREAM: ``stream: OK``, ``stream: <name> FOUND`` or ``… ERROR``."""
    text = reply.rstrip(b"\0\n").decode("utf-8", "replace").strip()
    _, _, status = text.partition(": ")
    if status == "OK":
        return ScanResult(Verdict.CLEAN)
    if status.endswith(" FOUND"):
        return ScanResult(Verdict.INFECTED, signature=status[: -len(" FOUND")].strip())
    return ScanResult(Verdict.UNAVAILABLE, detail=text or "no answer")


def scan_with_clamd(data: bytes, address: str, *, timeout: float = DEFAULT_TIMEOUT) -> ScanResult:
    """Send ``data`` to clamd at ``address`` and read its verdict (never raises)."""
    try:
        sock = _connect(address, timeout)
    except (OSError, ValueError) as exc:
        return ScanResult(Verdict.UNAVAILABLE, detail=f"cannot reach clamd: {exc}")
    try:
        with sock:
            sock.sendall(b"zINSTREAM\0")
            view = memoryview(data)
            for start in range(0, len(view), CHUNK):
                chunk = view[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        # clamd closes the stream when the file exceeds its StreamMaxLength.
        return ScanResult(Verdict.UNAVAILABLE, detail=f"clamd did not answer: {exc}")
    return parse_reply(reply)


def scan(data: bytes) -> ScanResult:
    """Scan with the configured clamd, or ``OFF`` when ``ANTIVIRUS_CLAMD`` is empty."""
    from django.conf import settings

    address = getattr(settings, "ANTIVIRUS_CLAMD", "")
    if not address:
        return ScanResult(Verdict.OFF)
    timeout = float(getattr(settings, "ANTIVIRUS_TIMEOUT", DEFAULT_TIMEOUT))
    result = scan_with_clamd(data, address, timeout=timeout)
    if result.verdict is Verdict.UNAVAILABLE:
        logger.warning("virus scanner unavailable, upload refused: %s", result.detail)
    elif result.verdict is Verdict.INFECTED:
        logger.warning("upload refused, clamd found %s", result.signature)
    return result


def refusal(data: bytes) -> tuple[str, str, str] | None:
    """Scan ``data``; None when it may be stored, else (code, Thai, English) saying why not:
    ``virus`` (what clamd found) or ``scanner_unavailable`` (try again later)."""
    result = scan(data)
    if result.verdict is Verdict.INFECTED:
        return (
            "virus",
            INFECTED_TH.format(signature=result.signature),
            INFECTED_EN.format(signature=result.signature),
        )
    if not result.accepted:
        return "scanner_unavailable", UNAVAILABLE_TH, UNAVAILABLE_EN
    return None


# Messages for the people uploading (Thai, English), shared by both doors for files.
INFECTED_TH = "พบไวรัสหรือโปรแกรมอันตรายในไฟล์ ({signature}) ไฟล์นี้ไม่ถูกบันทึก"
INFECTED_EN = "a virus or malicious content was found ({signature}); the file was not stored"
UNAVAILABLE_TH = "ระบบตรวจไวรัสไม่พร้อมใช้งานชั่วคราว ไฟล์นี้ยังไม่ถูกบันทึก กรุณาส่งอีกครั้งภายหลัง"
UNAVAILABLE_EN = "the virus scanner is not available just now; the file was not stored, please send it again later"
