"""Virus scanning through clamd's INSTREAM protocol: against a scripted socket for every answer
clamd can give, and against a real clamd (Debian's clamav-daemon) with a local signature for
the EICAR test file, through both doors for uploads."""

from __future__ import annotations

import hashlib
import io
import shutil
import socket
import struct
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from prongsai.core import antivirus
from prongsai.core.antivirus import Verdict, parse_reply, scan_with_clamd

# The EICAR test file, assembled here so that this source file itself is not "infected".
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-" + b"TEST-FILE!$H+H*"


@pytest.mark.parametrize(
    ("reply", "verdict", "signature"),
    [
        (b"stream: OK\0", Verdict.CLEAN, ""),
        (b"stream: Win.Test.EICAR_HDB-1 FOUND\0", Verdict.INFECTED, "Win.Test.EICAR_HDB-1"),
        (b"INSTREAM size limit exceeded. ERROR\0", Verdict.UNAVAILABLE, ""),
        (b"", Verdict.UNAVAILABLE, ""),
        (b"stream: Can't allocate memory ERROR\0", Verdict.UNAVAILABLE, ""),
    ],
)
def test_replies_are_read(reply, verdict, signature):
    result = parse_reply(reply)
    assert result.verdict is verdict and result.signature == signature
    assert result.accepted is (verdict is Verdict.CLEAN)


class ScriptedClamd:
    """A unix socket that reads one INSTREAM and answers with a fixed reply."""

    def __init__(self, path: Path, reply: bytes) -> None:
        self.path, self.reply, self.received = path, reply, b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            assert self._read(conn, 10) == b"zINSTREAM\0"
            while True:
                (size,) = struct.unpack("!L", self._read(conn, 4))
                if size == 0:
                    break
                self.received += self._read(conn, size)
            conn.sendall(self.reply)
        self.server.close()


def test_the_file_is_streamed_in_chunks_and_the_answer_read(tmp_path):
    data = bytes(range(256)) * 1000  # 256 kB: several chunks
    fake = ScriptedClamd(tmp_path / "c.sock", b"stream: OK\0")
    result = scan_with_clamd(data, f"unix://{tmp_path / 'c.sock'}", timeout=5)
    fake.thread.join(5)
    assert result.verdict is Verdict.CLEAN and fake.received == data


def test_an_unreachable_scanner_is_unavailable_never_clean(tmp_path):
    assert scan_with_clamd(b"x", f"unix://{tmp_path / 'none.sock'}").verdict is Verdict.UNAVAILABLE
    assert scan_with_clamd(b"x", "tcp://127.0.0.1:9").verdict is Verdict.UNAVAILABLE
    assert scan_with_clamd(b"x", "http://clamd").verdict is Verdict.UNAVAILABLE


def test_without_a_scanner_nothing_is_scanned(settings):
    settings.ANTIVIRUS_CLAMD = ""
    result = antivirus.scan(EICAR)
    assert result.verdict is Verdict.OFF and result.accepted


# ------------------------------------------------------------------------- a real clamd


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    binary = shutil.which("clamd") or (
        "/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None
    )
    if binary is None:
        pytest.skip("clamd is not installed (scripts/system_packages.sh installs clamav-daemon)")
    root = tmp_path_factory.mktemp("clamd")
    (root / "db").mkdir()
    signature = f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Local.EICAR.Test\n"  # noqa: S324
    (root / "db" / "local.hdb").write_text(signature)
    sock = root / "clamd.sock"
    (root / "clamd.conf").write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {root / 'db'}\nForeground yes\n"
        f"LogFile {root / 'clamd.log'}\nStreamMaxLength 25M\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [binary, "-c", str(root / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not sock.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    if not sock.exists():
        process.kill()
        pytest.fail(f"clamd did not start: {(root / 'clamd.log').read_text()[-2000:]}")
    yield f"unix://{sock}"
    process.terminate()
    process.wait(10)


def _docx_with(extra_name: str, extra: bytes) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("สรุปผลการจัดซื้อจัดจ้าง")
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(info, source.read(info.filename))
        z.writestr(extra_name, extra)
    return out.getvalue()


def test_a_real_clamd_finds_the_test_virus_alone_and_inside_a_document(clamd):
    assert scan_with_clamd(b"%PDF-1.4 clean enough", clamd).verdict is Verdict.CLEAN
    alone = scan_with_clamd(EICAR, clamd)
    assert alone.verdict is Verdict.INFECTED and "Local.EICAR.Test" in alone.signature
    nested = scan_with_clamd(_docx_with("word/media/image9.bin", EICAR), clamd)
    assert nested.verdict is Verdict.INFECTED


def test_evidence_uploads_are_refused_when_infected_or_unscanned(clamd, settings, tmp_path):
    from prongsai.disclosure.files import FileRejected, check_file

    settings.ANTIVIRUS_CLAMD = clamd
    clean = _docx_with("word/media/note.txt", b"just text")
    assert check_file("สรุป.docx", clean).kind == "docx"
    with pytest.raises(FileRejected) as err:
        check_file("สรุป.docx", _docx_with("word/media/image9.bin", EICAR))
    assert err.value.code == "virus" and "ไวรัส" in err.value.message
    assert "สรุป.docx" in err.value.message

    settings.ANTIVIRUS_CLAMD = f"unix://{tmp_path / 'stopped.sock'}"  # clamd is down
    with pytest.raises(FileRejected) as err:
        check_file("สรุป.docx", clean)
    assert err.value.code == "scanner_unavailable" and "ภายหลัง" in err.value.message


def test_case_files_are_refused_when_infected_or_unscanned(clamd, settings, tmp_path):
    from django.core.exceptions import ValidationError

    from prongsai.integrity.uploads import check_upload

    settings.ANTIVIRUS_CLAMD = clamd
    assert check_upload("บันทึก.txt", "ข้อความ".encode()).data
    with pytest.raises(ValidationError) as err:
        check_upload("บันทึก.txt", EICAR)
    assert "ไวรัส" in str(err.value) and "บันทึก.txt" in str(err.value)
    settings.ANTIVIRUS_CLAMD = f"unix://{tmp_path / 'stopped.sock'}"
    with pytest.raises(ValidationError) as err:
        check_upload("บันทึก.txt", "ข้อความ".encode())
    assert "ภายหลัง" in str(err.value)


def test_a_complaint_keeps_its_text_when_the_scanner_is_down(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prongsai.integrity.models import Case
    from tests.integrity.test_public_channel import FORM

    settings.ANTIVIRUS_CLAMD = f"unix://{tmp_path / 'stopped.sock'}"
    upload = SimpleUploadedFile("หลักฐาน.txt", "ใบเสร็จ".encode())
    response = client.post("/complaints/", {**FORM, "files": [upload]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "หลักฐาน.txt" in html and "ภายหลัง" in html and FORM["what"] in html
    assert not Case.objects.exists()
