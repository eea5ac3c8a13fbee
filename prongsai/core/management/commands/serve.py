"""`make run`: the web server and the background worker together; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from prongsai.core.demo import demo_logins


class Command(BaseCommand):
    help = "Serve the site and run the background worker (development and embedded installs)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, port: int, host: str, **options: Any) -> None:
        base = f"http://{host}:{port}"
        self._print_welcome(base)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        children = [
            subprocess.Popen([*manage, "worker"]),  # noqa: S603 - our own interpreter and script
            subprocess.Popen([*manage, "runserver", "--noreload", f"{host}:{port}"]),  # noqa: S603
        ]
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write(
                "\nหยุดเว็บเซิร์ฟเวอร์และงานเบื้องหลังแล้ว · Stopped the server and the worker."
            )

    def _print_welcome(self, base: str) -> None:
        w = self.stdout.write
        w("")
        w("=" * 72)
        w(" Prongsai โปร่งใส — พร้อมใช้งาน · ready")
        w("=" * 72)
        w(f" เว็บไซต์สาธารณะ · Public site     {base}/")
        w(f" ภาษาอังกฤษ · English              {base}/en/")
        w(f" เข้าสู่ระบบเจ้าหน้าที่ · Staff sign-in {base}/admin/login/")
        w(f" ตรวจสถานะ · Health check          {base}/healthz")
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
        if mail_dir:
            w(f" อีเมลของระบบ · E-mail sent        {mail_dir}/")
        logins = demo_logins()
        if logins:
            w("")
            w(" บัญชีทดลอง (หน่วยงานตัวอย่าง) · Demo accounts")
            w(f" รหัสผ่านทุกบัญชี · Password for all: {logins['password']}")
            for username, description in logins["users"]:
                w(f"   {username:<12} {description}")
        w("")
        w(" กด Ctrl-C เพื่อหยุด · Press Ctrl-C to stop")
        w("=" * 72)
